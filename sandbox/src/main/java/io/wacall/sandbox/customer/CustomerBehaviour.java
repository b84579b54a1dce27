package io.wacall.sandbox.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a sandbox customer acts. Bound from {@code wacall.sandbox.customer.*} as the default for
 * every customer, and replaced per customer with {@code PUT /sandbox/customers/{waId}}.
 *
 * @param permissionReply how a permission request is answered
 * @param callBehaviour what the customer does when the business calls
 * @param answerAfter how long a business call rings before the customer answers or rejects it
 * @param talk how long a connected call lasts before the customer hangs up
 * @param replyDelay how long the customer takes to read and answer a permission request
 * @param profileName {@code contacts[].profile.name} in webhooks
 */
public record CustomerBehaviour(
    @DefaultValue("ACCEPT_TEMPORARY") PermissionReply permissionReply,
    @DefaultValue("ANSWER") CallBehaviour callBehaviour,
    @DefaultValue("3s") Duration answerAfter,
    @DefaultValue("30s") Duration talk,
    @DefaultValue("2s") Duration replyDelay,
    @DefaultValue("Sandbox Customer") String profileName) {}
