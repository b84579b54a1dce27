package io.wacall.sandbox;

import io.wacall.sandbox.customer.CustomerBehaviour;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Cloud API sandbox ({@code wacall.sandbox.*}).
 *
 * @param enabled turns the sandbox on (read by {@link SandboxConfiguration}'s condition)
 * @param webhookUrl where webhooks are POSTed; unset means our own adapter in this process, {@code
 *     http://127.0.0.1:<local port>/webhooks/whatsapp}, resolved once the server is up
 * @param appSecret the key that signs webhooks; unset means {@code wacall.webhook.app-secret}, the
 *     secret our adapter verifies with
 * @param wabaId the WhatsApp Business Account id in {@code entry[].id}
 * @param displayPhoneNumber {@code metadata.display_phone_number} of any phone number id not listed
 *     in {@code displayPhoneNumbers}; the default is a UK number in Ofcom's fictional drama range,
 *     since business-initiated calls are unavailable to US numbers
 *     (docs/meta-cloud-api.md#availability)
 * @param displayPhoneNumbers display number per phone number id
 * @param customer how a customer behaves until {@code PUT /sandbox/customers/{waId}} says otherwise
 * @param userCallAcceptTimeout how long a user-initiated call waits for accept before it ends
 *     (Meta: about 30 to 60 s, docs/meta-cloud-api.md#answer-window)
 * @param delivery webhook delivery and retries
 * @param idSeed seed for the random part of wamids, wacids and fbtrace ids; unset means random
 * @param schedulerThreads threads that play customers and deliver webhooks
 * @param webhookLogSize how many sent webhooks {@code GET /sandbox/webhooks} keeps
 * @param billing the prices business-initiated calls are billed at (call analytics)
 */
@ConfigurationProperties("wacall.sandbox")
public record SandboxProperties(
    boolean enabled,
    URI webhookUrl,
    String appSecret,
    @DefaultValue("100000000000000") String wabaId,
    @DefaultValue("447700900000") String displayPhoneNumber,
    Map<String, String> displayPhoneNumbers,
    @DefaultValue CustomerBehaviour customer,
    @DefaultValue("60s") Duration userCallAcceptTimeout,
    @DefaultValue Delivery delivery,
    Long idSeed,
    @DefaultValue("4") int schedulerThreads,
    @DefaultValue("200") int webhookLogSize,
    @DefaultValue Billing billing) {

  public SandboxProperties {
    displayPhoneNumbers = displayPhoneNumbers == null ? Map.of() : Map.copyOf(displayPhoneNumbers);
  }

  /** The display phone number webhooks carry for this phone number id. */
  public String displayPhoneNumber(String phoneNumberId) {
    return displayPhoneNumbers.getOrDefault(phoneNumberId, displayPhoneNumber);
  }

  /**
   * What the sandbox's Meta bills business-initiated calls at (docs/meta-cloud-api.md#call-analytics):
   * a rate card and a region-to-market mapping in Meta's CSV forms, as Spring resource locations
   * ({@code classpath:...}, {@code file:...}). Unset: every call costs nothing.
   */
  public record Billing(String priceList, String marketMapping) {
    public Billing {
      if (priceList != null && marketMapping == null) {
        throw new IllegalArgumentException("wacall.sandbox.billing.market-mapping is required with a price list");
      }
    }
  }

  /**
   * Webhook delivery. Meta retries a failed delivery with falling frequency; the sandbox does the
   * same a bounded number of times, doubling the wait each time.
   *
   * @param maxAttempts attempts per webhook, the first included
   * @param firstRetryDelay wait before the second attempt
   * @param connectTimeout TCP connect timeout
   * @param timeout how long to wait for our answer (Meta gives up after about 20 s, docs/meta-cloud-api.md#delivery)
   */
  public record Delivery(
      @DefaultValue("5") int maxAttempts,
      @DefaultValue("1s") Duration firstRetryDelay,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("20s") Duration timeout) {}
}
