package org.iom.idm.actor;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/**
 * Lets a message handler declare an {@link Actor} parameter, read from the message's metadata.
 * Registered through META-INF/services, so Spring and the aggregate test fixtures both find it.
 */
public class ActorParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<Actor> createInstance(Executable executable, Parameter[] parameters, int index) {
        if (!Actor.class.equals(parameters[index].getType())) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public Actor resolveParameterValue(Message<?> message) {
                Actor actor = Actor.fromMetaData(message.getMetaData());
                if (actor == null) {
                    throw new RuleRefused(RefusalCode.FORBIDDEN, "the command names no acting user");
                }
                return actor;
            }

            @Override
            public boolean matches(Message<?> message) {
                return true;
            }
        };
    }
}
