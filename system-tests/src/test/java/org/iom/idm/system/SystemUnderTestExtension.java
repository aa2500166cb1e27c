package org.iom.idm.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the services for the first system test class and keeps them for all others: the pair lives in the
 * root context's store, which closes it (stopping both processes) when the whole test run ends.
 */
final class SystemUnderTestExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SystemUnderTestExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        system(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Api.class || type == SystemUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SystemUnderTest system = system(context);
        return parameter.getParameter().getType() == Api.class ? system.api() : system;
    }

    /** A failed start is not tried again for the next test class: it fails the same way at once. */
    private static RuntimeException startFailure;

    private static synchronized SystemUnderTest system(ExtensionContext context) {
        if (startFailure != null) {
            throw new IllegalStateException("the services did not start (see the first failure)", startFailure);
        }
        try {
            return context.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent(SystemUnderTest.class, key -> SystemUnderTest.start(), SystemUnderTest.class);
        } catch (RuntimeException failure) {
            startFailure = failure;
            throw failure;
        }
    }
}
