package io.wacall.backend.billing;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings, under {@code wacall.billing}.
 *
 * @param volumeZone the time zone whose calendar months the volume tiers and the monthly summary
 *     count in (Meta follows the WhatsApp Business Account's time zone)
 * @param marketMapping where the region-to-market mapping of new rate cards is read from (a Spring
 *     resource location); each uploaded card stores the mapping it was uploaded with
 */
@ConfigurationProperties("wacall.billing")
public record BillingProperties(
    @DefaultValue("UTC") ZoneId volumeZone,
    @DefaultValue("classpath:" + DefaultRateCard.MARKET_MAPPING) String marketMapping) {}
