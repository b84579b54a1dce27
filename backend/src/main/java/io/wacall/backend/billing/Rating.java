package io.wacall.backend.billing;

import java.math.BigDecimal;

/**
 * A call priced on a rate card: what a quote answers and what the ledger stores for a
 * business-initiated call. When {@code callable} is false, {@code reason} says why and the money
 * fields and tier are null.
 *
 * @param tier 1-based index of the volume tier in the market
 */
public record Rating(
    String region,
    String market,
    boolean callable,
    String reason,
    long pulses,
    BigDecimal ratePerMinute,
    BigDecimal amount,
    String currency,
    long rateCardVersion,
    Integer tier,
    Long tierFromMinutes) {}
