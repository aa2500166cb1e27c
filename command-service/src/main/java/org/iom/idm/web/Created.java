package org.iom.idm.web;

/** The body of a 201: the new item's id. */
public record Created(String id) {
}
