package io.wacall.api.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes an operation answers with, besides those every protected operation has
 * (UNAUTHORIZED, FORBIDDEN, INVALID_REQUEST, PAYLOAD_TOO_LARGE): the OpenAPI document lists them by status.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Fails {
  ProblemCode[] value();
}
