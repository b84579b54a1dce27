package io.wacall.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles an operation is open to, as {@link SecurityConfiguration}'s rules enforce them: shown
 * in the OpenAPI document ({@code x-wacall-roles}), and checked against the rules by RoleTableTest.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Roles {
  Role[] value();
}
