package io.wacall.workflows.billing;

import io.wacall.contract.call.view.CallDirection;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the billing ledger, as stored. Money travels as a decimal string ("0.0094") so that a
 * client in any language reads it exactly; Java reads it back into a {@link BigDecimal}.
 *
 * @param callId the call's ID, the call workflow's ID ({@code inbound-call:{wacid}} or
 *     {@code outbound-call:{requestId}}) as the API shows it; unique in the ledger
 * @param direction who placed the call
 * @param phoneNumberId the business phone number id
 * @param region ISO 3166 region of the customer's number (libphonenumber); null only for a
 *     user-initiated call whose number could not be resolved (it is free either way)
 * @param market the rate-card market of that region; null when the region is
 * @param connectedAt when the call connected (picks the card and the volume month)
 * @param connectedSeconds connected time as Meta reported it
 * @param pulses billed pulses: ceil(seconds / 6) for a business-initiated call, 0 for a free one
 * @param ratePerMinute the rate applied (0 for a free call)
 * @param amount ratePerMinute x pulses / 10, exact
 * @param currency ISO 4217 code of the rate card
 * @param rateCardVersion the card in effect at {@code connectedAt}
 * @param tier 1-based volume tier of the market on that card; null for a free call
 * @param tierFromMinutes that tier's lower bound in month-to-date minutes; null for a free call
 * @param chargedAt when the row was written
 */
public record ChargeRecord(
    String callId,
    CallDirection direction,
    String phoneNumberId,
    String region,
    String market,
    Instant connectedAt,
    long connectedSeconds,
    long pulses,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal ratePerMinute,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    String currency,
    long rateCardVersion,
    Integer tier,
    Long tierFromMinutes,
    Instant chargedAt) {}
