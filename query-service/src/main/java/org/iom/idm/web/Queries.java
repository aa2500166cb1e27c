package org.iom.idm.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Asks the read models through the query bus and waits for the answer. */
@Component
public class Queries {

    private final QueryGateway gateway;

    public Queries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R one(Object query, Class<R> type, String notFound) {
        return optional(query, type).orElseThrow(() -> new RuleViolation(ErrorCode.NOT_FOUND, notFound));
    }

    public <R> Optional<R> optional(Object query, Class<R> type) {
        return gateway.query(query, ResponseTypes.optionalInstanceOf(type)).join();
    }

    public <R> List<R> list(Object query, Class<R> type) {
        return gateway.query(query, ResponseTypes.multipleInstancesOf(type)).join();
    }

    public QueryGateway gateway() {
        return gateway;
    }
}
