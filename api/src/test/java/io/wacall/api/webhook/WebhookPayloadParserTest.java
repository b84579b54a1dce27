package io.wacall.api.webhook;

import io.wacall.contract.call.view.CallDirection;
import static io.wacall.api.webhook.WebhookSamples.BIC_WACID;
import static io.wacall.api.webhook.WebhookSamples.BUSINESS_NUMBER;
import static io.wacall.api.webhook.WebhookSamples.CUSTOMER;
import static io.wacall.api.webhook.WebhookSamples.PHONE_NUMBER_ID;
import static io.wacall.api.webhook.WebhookSamples.REQUEST_WAMID;
import static io.wacall.api.webhook.WebhookSamples.UIC_WACID;
import static io.wacall.api.webhook.WebhookSamples.firstMessage;
import static io.wacall.api.webhook.WebhookSamples.firstValue;
import static io.wacall.api.webhook.WebhookSamples.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.signal.RequestDeliveryStatus.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser against payloads shaped like every one docs/meta-cloud-api.md#webhooks describes. */
class WebhookPayloadParserTest {
  private final WebhookPayloadParser parser = new WebhookPayloadParser();

  private List<ParsedWebhookEvent> parse(JsonNode document) {
    return parser.parse(document);
  }

  private WebhookEvent only(String sample) {
    List<ParsedWebhookEvent> events = parse(json(sample));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).problem()).isNull();
    return events.get(0).event();
  }

  @Nested
  class PermissionReplies {

    /** The scenario table of docs/meta-cloud-api.md#permission-replies, row by row. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", textBlock = """
        Temporary accept of a request,               permission-reply-temporary-accept,              ACCEPT, false, 1751968800, USER_ACTION, wamid.HBgLMTYzMTU1NTExODEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA
        Permanent accept of a request,               permission-reply-permanent-accept,              ACCEPT, true,  none,       USER_ACTION, wamid.HBgLMTYzMTU1NTExODEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA
        Permanent accept from the business profile,  permission-reply-permanent-accept-from-profile, ACCEPT, true,  none,       USER_ACTION, none
        Reject of a request,                         permission-reply-reject,                        REJECT, false, none,       USER_ACTION, wamid.HBgLMTYzMTU1NTExODEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA
        Automatic callback grant after the user calls, permission-reply-automatic-callback-grant,    ACCEPT, false, 1751968800, AUTOMATIC,   wacid.HBgLMTYzMTU1NTExODEVAgASGBQzQTM3QTJGNjMyRjMwMTNCRTAwMAA=
        Automatic revoke after 4 unanswered BICs,    permission-reply-automatic-revoke,              REJECT, false, none,       AUTOMATIC,   none
        """)
    void everyDocumentedScenario_becomesTheSignalTheWorkflowExpects(String scenario, String sample,
        ReplyResponse response, boolean permanent, Long expiresAt, ReplySource source, String contextId) {
      PermissionReplyEvent reply = (PermissionReplyEvent) only(sample);
      String wamid = firstMessage(json(sample)).path("id").asText();

      assertThat(reply.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
      assertThat(reply.waId()).isEqualTo(CUSTOMER);
      assertThat(reply.dedupeKey()).isEqualTo("msg:" + wamid);
      assertThat(reply.timestamp()).isEqualTo(Instant.ofEpochSecond(1751364000));
      assertThat(reply.toSignal()).isEqualTo(new PermissionReply(wamid, Instant.ofEpochSecond(1751364000), response,
          permanent, expiresAt == null ? null : Instant.ofEpochSecond(expiresAt), source, contextId));
    }

    @Test
    void responseAndSourceAreReadCaseInsensitively_andTimesMayComeAsNumbers() {
      ObjectNode document = json("permission-reply-temporary-accept", d -> {
        ObjectNode reply = (ObjectNode) firstMessage(d).path("interactive").path("call_permission_reply");
        reply.put("response", "ACCEPT").put("response_source", "Automatic").put("expiration_timestamp", 1751968800L);
        firstMessage(d).put("timestamp", 1751364000L);
      });

      PermissionReplyEvent reply = (PermissionReplyEvent) parse(document).get(0).event();

      assertThat(reply.response()).isEqualTo(ReplyResponse.ACCEPT);
      assertThat(reply.source()).isEqualTo(ReplySource.AUTOMATIC);
      assertThat(reply.expiresAt()).isEqualTo(Instant.ofEpochSecond(1751968800));
      assertThat(reply.timestamp()).isEqualTo(Instant.ofEpochSecond(1751364000));
    }

    @Test
    void aReplyFromAUsernameWithoutFrom_takesTheCustomerFromItsContact() {
      ObjectNode document = json("permission-reply-temporary-accept", d -> {
        firstMessage(d).remove("from");
        firstMessage(d).put("from_user_id", "US.13491208655302741918");
      });

      PermissionReplyEvent reply = (PermissionReplyEvent) parse(document).get(0).event();

      assertThat(reply.waId()).isEqualTo(CUSTOMER);
      assertThat(reply.userId()).isEqualTo("US.13491208655302741918");
    }

    @Test
    void aReplyWithAnUnknownResponse_isAnUnknownValue_notMalformed_withAReason_andKeyedByItsContent() {
      ObjectNode document = json("permission-reply-temporary-accept", d -> ((ObjectNode) firstMessage(d)
          .path("interactive").path("call_permission_reply")).put("response", "maybe"));

      ParsedWebhookEvent parsed = parse(document).get(0);

      assertThat(parsed.isMalformed()).isFalse();
      assertThat(parsed.unknownValue()).isTrue();
      assertThat(parsed.isDecoded()).isFalse();
      assertThat(parsed.kind()).isEqualTo(WebhookEventKind.PERMISSION_REPLY);
      assertThat(parsed.problem()).contains("'maybe' is neither accept nor reject");
      assertThat(parsed.dedupeKey()).startsWith("raw:").hasSize("raw:".length() + 64);
      assertThat(parsed.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
    }

    @Test
    void aReplyWithoutATimestamp_isMalformed() {
      ObjectNode document = json("permission-reply-reject", d -> firstMessage(d).remove("timestamp"));

      assertThat(parse(document).get(0).problem()).isEqualTo("timestamp is missing");
    }

    @Test
    void anExpiryThatIsNotAUnixTime_isMalformed() {
      ObjectNode document = json("permission-reply-temporary-accept", d -> ((ObjectNode) firstMessage(d)
          .path("interactive").path("call_permission_reply")).put("expiration_timestamp", "next week"));

      assertThat(parse(document).get(0).problem()).contains("'next week' is not a UNIX time");
    }
  }

  @Nested
  class MessageStatuses {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "message-status-sent,      sent,      SENT,      1751363940",
        "message-status-delivered, delivered, DELIVERED, 1751363942",
        "message-status-read,      read,      READ,      1751363990",
        "message-status-failed,    failed,    FAILED,    1751363941"})
    void aStatusOfASentMessage_carriesWamidRecipientAndTime(String sample, String status, DeliveryStatus delivery,
        long at) {
      MessageStatusEvent event = (MessageStatusEvent) only(sample);

      assertThat(event.kind()).isEqualTo(WebhookEventKind.MESSAGE_STATUS);
      assertThat(event.dedupeKey()).isEqualTo("status:" + REQUEST_WAMID + ":" + status);
      assertThat(event.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
      assertThat(event.waId()).isEqualTo(CUSTOMER);
      assertThat(event.deliveryStatus()).contains(delivery);
      assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(at));
    }

    @Test
    void aFailedStatus_carriesMetasErrorIntoTheSignal() {
      MessageStatusEvent event = (MessageStatusEvent) only("message-status-failed");

      assertThat(event.errors()).containsExactly(new WebhookError(131026, "Message undeliverable",
          "Message undeliverable", "Message Undeliverable.",
          "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"));
      assertThat(event.toSignal()).contains(new RequestDeliveryStatus(REQUEST_WAMID, DeliveryStatus.FAILED,
          Instant.ofEpochSecond(1751363941), "131026 Message undeliverable: Message Undeliverable."));
    }

    @Test
    void aStatusTheWorkflowDoesNotTrack_decodes_butHasNoSignal() {
      ObjectNode document = json("message-status-read",
          d -> ((ObjectNode) firstValue(d).path("statuses").path(0)).put("status", "deleted"));

      MessageStatusEvent event = (MessageStatusEvent) parse(document).get(0).event();

      assertThat(event.dedupeKey()).endsWith(":deleted");
      assertThat(event.toSignal()).isEmpty();
    }
  }

  @Nested
  class Calls {

    @Test
    void aUserInitiatedConnect_hasTheOfferAndTheCallerAsCustomer() {
      MetaCallEvent call = (MetaCallEvent) only("call-connect-user-initiated");

      assertThat(call.dedupeKey()).isEqualTo("call:" + UIC_WACID + ":connect");
      assertThat(call.isConnect()).isTrue();
      assertThat(call.direction()).isEqualTo(CallDirection.USER_INITIATED);
      assertThat(call.from()).isEqualTo(CUSTOMER);
      assertThat(call.to()).isEqualTo(BUSINESS_NUMBER);
      assertThat(call.waId()).isEqualTo(CUSTOMER);
      assertThat(call.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
      assertThat(call.timestamp()).isEqualTo(Instant.ofEpochSecond(1751364200));
      assertThat(call.session().sdpType()).isEqualTo("offer");
      assertThat(call.session().sdp()).startsWith("v=0\r\no=- 7669997803033704573").contains("a=rtpmap:111 opus/48000/2");
      // untrimmed: a WebRTC stack refuses an SDP whose last line lost its CRLF
      assertThat(call.session().sdp()).endsWith("\r\n");
      assertThat(call.ctaPayload()).isEqualTo("order-4711-support");
      assertThat(call.errors()).isEmpty();
    }

    @Test
    void aBusinessInitiatedConnect_hasMetasAnswer_notTheLegacySdp_andTheCalleeAsCustomer() {
      MetaCallEvent call = (MetaCallEvent) only("call-connect-business-initiated");

      assertThat(call.dedupeKey()).isEqualTo("call:" + BIC_WACID + ":connect");
      assertThat(call.direction()).isEqualTo(CallDirection.BUSINESS_INITIATED);
      assertThat(call.waId()).isEqualTo(CUSTOMER);
      assertThat(call.session().sdpType()).isEqualTo("answer");
      assertThat(call.session().sdp()).contains("IN IP4 157.240.229.63");
      assertThat(call.bizOpaqueCallbackData()).isEqualTo("crm-call-8f3e2a");
    }

    /** docs/meta-cloud-api.md#business-scoped-user-ids: a username hides the number. */
    @Test
    void aCallerWithoutANumber_isKnownByTheContactsWaIdOrElseByTheBusinessScopedUserId() {
      MetaCallEvent withContactNumber = (MetaCallEvent) parse(json("call-connect-user-initiated", d -> {
        ObjectNode call = (ObjectNode) firstValue(d).path("calls").path(0);
        call.remove("from");
        call.put("from_user_id", "US.13491208655302741918");
      })).get(0).event();
      assertThat(withContactNumber.waId()).isEqualTo(CUSTOMER);

      MetaCallEvent userIdOnly = (MetaCallEvent) parse(json("call-connect-user-initiated", d -> {
        ObjectNode call = (ObjectNode) firstValue(d).path("calls").path(0);
        call.remove("from");
        call.put("from_user_id", "US.13491208655302741918");
        ((ObjectNode) firstValue(d).path("contacts").path(0)).remove("wa_id");
      })).get(0).event();
      assertThat(userIdOnly.from()).isEqualTo("US.13491208655302741918");
      assertThat(userIdOnly.waId()).isEqualTo("US.13491208655302741918");

      MetaCallEvent calleeWithoutNumber = (MetaCallEvent) parse(json("call-connect-business-initiated", d -> {
        ObjectNode call = (ObjectNode) firstValue(d).path("calls").path(0);
        call.remove("to");
        call.put("to_user_id", "BR.998877665544332211");
        firstValue(d).remove("contacts");
      })).get(0).event();
      assertThat(calleeWithoutNumber.to()).isEqualTo("BR.998877665544332211");
      assertThat(calleeWithoutNumber.waId()).isEqualTo("BR.998877665544332211");
      assertThat(calleeWithoutNumber.from()).isEqualTo(((MetaCallEvent) only("call-connect-business-initiated")).from());
    }

    @Test
    void anAnsweredTerminate_hasItsDurationStartAndEnd() {
      MetaCallEvent call = (MetaCallEvent) only("call-terminate-completed");

      assertThat(call.dedupeKey()).isEqualTo("call:" + UIC_WACID + ":terminate");
      assertThat(call.isTerminate()).isTrue();
      assertThat(call.status()).isEqualTo("Completed");
      assertThat(call.terminateStatus()).isEqualTo("COMPLETED");
      assertThat(call.answered()).isTrue();
      assertThat(call.durationSeconds()).isEqualTo(214);
      assertThat(call.startTime()).isEqualTo(Instant.ofEpochSecond(1751364206));
      assertThat(call.endTime()).isEqualTo(Instant.ofEpochSecond(1751364420));
      assertThat(call.waId()).isEqualTo(CUSTOMER);
      assertThat(call.session()).isNull();
    }

    @Test
    void anUnansweredTerminate_hasNoDuration() {
      MetaCallEvent call = (MetaCallEvent) only("call-terminate-unanswered");

      assertThat(call.terminateStatus()).isEqualTo("FAILED");
      assertThat(call.answered()).isFalse();
      assertThat(call.durationSeconds()).isNull();
      assertThat(call.startTime()).isNull();
      assertThat(call.endTime()).isNull();
      assertThat(call.bizOpaqueCallbackData()).isEqualTo("crm-call-8f3e2a");
    }

    @Test
    void aFailedTerminate_carriesTheErrorsMetaSendsNextToTheCall() {
      MetaCallEvent call = (MetaCallEvent) only("call-terminate-failed-with-errors");

      assertThat(call.errors()).containsExactly(new WebhookError(138021, null, "Media receive timeout",
          "No media received from the business for 20 seconds",
          "https://developers.facebook.com/docs/whatsapp/cloud-api/calling/troubleshooting"));
      assertThat(call.durationSeconds()).isEqualTo(70);
    }

    @Test
    void errorsNestedInTheCallObject_areReadToo() {
      ObjectNode document = json("call-terminate-unanswered", d -> ((ObjectNode) firstValue(d).path("calls").path(0))
          .putArray("errors").addObject().put("code", 138020).put("message", "Relay connection failed"));

      MetaCallEvent call = (MetaCallEvent) parse(document).get(0).event();

      assertThat(call.errors()).extracting(WebhookError::code).containsExactly(138020);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "call-status-ringing,  RINGING,  1751365002",
        "call-status-accepted, ACCEPTED, 1751365009",
        "call-status-rejected, REJECTED, 1751365011"})
    void aCallStatus_isKeyedByCallAndStatus(String sample, String status, long at) {
      CallStatusEvent event = (CallStatusEvent) only(sample);

      assertThat(event.kind()).isEqualTo(WebhookEventKind.CALL_STATUS);
      assertThat(event.dedupeKey()).isEqualTo("callstatus:" + BIC_WACID + ":" + status);
      assertThat(event.status()).isEqualTo(status);
      assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(at));
      assertThat(event.waId()).isEqualTo(CUSTOMER);
      assertThat(event.bizOpaqueCallbackData()).isEqualTo("crm-call-8f3e2a");
    }

    @Test
    void withoutADirection_theCustomerIsWhicheverSideIsNotTheBusinessNumber() {
      assertThat(WebhookPayloadParser.callCustomer(null, "+1 555-078-3881", CUSTOMER, BUSINESS_NUMBER)).isEqualTo(CUSTOMER);
      assertThat(WebhookPayloadParser.callCustomer(null, CUSTOMER, BUSINESS_NUMBER, BUSINESS_NUMBER)).isEqualTo(CUSTOMER);
      assertThat(WebhookPayloadParser.callCustomer(null, "1", "2", BUSINESS_NUMBER)).isNull();
    }

    @Test
    void aCallWithAnUnknownDirection_isAnUnknownValue() {
      ObjectNode document = json("call-connect-user-initiated",
          d -> ((ObjectNode) firstValue(d).path("calls").path(0)).put("direction", "SIDEWAYS"));

      assertThat(parse(document).get(0).problem()).contains("unknown direction 'SIDEWAYS'");
      assertThat(parse(document).get(0).unknownValue()).isTrue();
    }
  }

  @Nested
  class WholePayloads {

    @Test
    void anAccountUpdate_isAnAccountUpdateEvent_keyedByTheHashOfTheChange() throws Exception {
      ObjectNode document = json("account-update");
      JsonNode change = document.path("entry").path(0).path("changes").path(0);
      String sha = HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(change.toString().getBytes(StandardCharsets.UTF_8)));

      AccountUpdateEvent event = (AccountUpdateEvent) only("account-update");

      assertThat(event.event()).isEqualTo("ACCOUNT_VIOLATION");
      assertThat(event.displayNumber()).isEqualTo("15550783881");
      assertThat(event.restrictions()).isEmpty();
      assertThat(event.dedupeKey()).isEqualTo("account-update:" + sha);
    }

    @Test
    void anAccountUpdateWithCallingRestrictions_carriesEachTypeAndItsExpiry() {
      AccountUpdateEvent event = (AccountUpdateEvent) only("account-update-calling-restricted");

      assertThat(event.event()).isEqualTo("ACCOUNT_RESTRICTION");
      assertThat(event.phoneNumberId()).isNull();
      assertThat(event.displayNumber()).isEqualTo("15550783881");
      assertThat(event.restrictions()).containsExactly(
          new AccountUpdateEvent.Restriction("RESTRICTED_BUSINESS_INITIATED_CALLING", Instant.ofEpochSecond(1751974800)),
          new AccountUpdateEvent.Restriction("RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN",
              Instant.ofEpochSecond(1751974800)));
    }

    @Test
    void severalEntriesAndChanges_becomeOneEventEach_inPayloadOrder() {
      List<ParsedWebhookEvent> events = parse(json("several-entries-and-changes"));

      assertThat(events).extracting(ParsedWebhookEvent::kind).containsExactly(
          WebhookEventKind.PERMISSION_REPLY, WebhookEventKind.INBOUND_MESSAGE, WebhookEventKind.CALL,
          WebhookEventKind.MESSAGE_STATUS, WebhookEventKind.MESSAGE_STATUS, WebhookEventKind.ACCOUNT_UPDATE);
      assertThat(events).allSatisfy(e -> assertThat(e.isMalformed()).isFalse());
      assertThat(events).extracting(ParsedWebhookEvent::dedupeKey).doesNotHaveDuplicates();
      assertThat(events).extracting(e -> e.event().phoneNumberId())
          .containsExactly(PHONE_NUMBER_ID, PHONE_NUMBER_ID, PHONE_NUMBER_ID, "228304917716580", "228304917716580", null);
      InboundMessageEvent text = (InboundMessageEvent) events.get(1).event();
      assertThat(text.waId()).isEqualTo("971501234567");
      assertThat(text.type()).isEqualTo("text");
      assertThat(((MetaCallEvent) events.get(2).event()).terminateStatus()).isEqualTo("FAILED");
    }

    @Test
    void oneMalformedEvent_doesNotHideTheGoodOnesNextToIt() {
      ObjectNode document = json("several-entries-and-changes", d -> firstMessage(d).remove("id"));

      List<ParsedWebhookEvent> events = parse(document);

      assertThat(events).hasSize(6);
      assertThat(events.get(0).problem()).isEqualTo("message.id is missing");
      assertThat(events.subList(1, 6)).allSatisfy(e -> assertThat(e.isMalformed()).isFalse());
    }

    @Test
    void eachStoredPayload_isEnoughToDecodeTheEventAgain_afterARoundTripThroughJson() throws Exception {
      for (RawWebhookEvent raw : parser.split(json("several-entries-and-changes"))) {
        ObjectNode stored = (ObjectNode) WebhookSamples.JSON.readTree(raw.payload().toString());

        assertThat(parser.decode(new RawWebhookEvent(raw.kind(), stored))).isEqualTo(parser.decode(raw));
      }
      RawWebhookEvent reply = parser.split(json("permission-reply-temporary-accept")).get(0);
      assertThat(reply.payload().path("metadata").path("phone_number_id").asText()).isEqualTo(PHONE_NUMBER_ID);
      assertThat(reply.payload().path("contacts").path(0).path("wa_id").asText()).isEqualTo(CUSTOMER);
      assertThat(reply.payload().path("field").asText()).isEqualTo("messages");
    }

    @Test
    void aChangeOfAFieldWeDoNotRead_andAChangeWithNothingInIt_areKeptAsUnrecognised() {
      ObjectNode document = json("permission-reply-reject", d -> {
        ObjectNode changes = (ObjectNode) d.path("entry").path(0);
        changes.withArray("changes").addObject().put("field", "message_template_status_update")
            .putObject("value").put("event", "APPROVED");
        changes.withArray("changes").addObject().put("field", "messages")
            .putObject("value").put("messaging_product", "whatsapp");
      });

      List<ParsedWebhookEvent> events = parse(document);

      assertThat(events).extracting(ParsedWebhookEvent::kind).containsExactly(WebhookEventKind.PERMISSION_REPLY,
          WebhookEventKind.UNRECOGNISED, WebhookEventKind.UNRECOGNISED);
      assertThat(((UnrecognisedChange) events.get(1).event()).field()).isEqualTo("message_template_status_update");
      assertThat(events.get(1).dedupeKey()).isNotEqualTo(events.get(2).dedupeKey());
    }

    @Test
    void aJsonObjectThatIsNoWhatsAppEnvelope_isKeptWhole_asOneUnrecognisedEvent() throws Exception {
      List<ParsedWebhookEvent> events = parse(WebhookSamples.JSON.readTree("{\"object\":\"page\",\"entry\":[]}"));

      assertThat(events).hasSize(1);
      assertThat(events.get(0).kind()).isEqualTo(WebhookEventKind.UNRECOGNISED);
      assertThat(events.get(0).raw().payload().path("document").path("object").asText()).isEqualTo("page");
    }

    @Test
    void anItemThatIsNotAnObject_isMalformed_notACrash() {
      ObjectNode document = json("permission-reply-reject", d -> firstValue(d).withArray("messages").add("oops"));

      List<ParsedWebhookEvent> events = parse(document);

      assertThat(events).hasSize(2);
      assertThat(events.get(1).problem()).isEqualTo("the message item is not a JSON object");
    }
  }
}
