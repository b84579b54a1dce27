package io.wacall.api.billing;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.backend.billing.RateCard;
import io.wacall.backend.billing.RateCardCsv;
import io.wacall.backend.billing.RateCardCsvException;
import io.wacall.backend.billing.RateCards;
import io.wacall.api.billing.BillingViews.Card;
import io.wacall.api.billing.BillingViews.CardHeader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Versioned rate cards: upload Meta's card as CSV, list the versions, read the one in effect. */
@RestController
@RequestMapping("/api/v1/rate-cards")
@Tag(name = "Rate cards")
public class RateCardController {
  private final RateCards cards;

  public RateCardController(RateCards cards) {
    this.cards = cards;
  }

  @Operation(summary = "Upload a rate card",
      description = "CSV with the header market,tier_from_minutes,rate_per_minute,currency; rate N/A marks a"
          + " market that cannot be called. Stored as the next version, with the configured market mapping."
          + " A call is priced on the card in effect when it connected, so a card takes effect from now on:"
          + " effectiveFrom before now is refused (400 INVALID_PARAMETER).")
  @PostMapping(consumes = {CsvResponse.TEXT_CSV, MediaType.TEXT_PLAIN_VALUE},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.INVALID_RATE_CARD, ProblemCode.INVALID_PARAMETER})
  public ResponseEntity<Card> upload(
      @Parameter(description = "ISO-8601 instant from which the card prices calls: now or later", example = "2027-01-01T00:00:00Z")
      @RequestParam(required = false) String effectiveFrom,
      @Parameter(description = "Where the card comes from, kept with it") @RequestParam(required = false) String note,
      @RequestBody byte[] body) {
    Instant from = BillingProblems.instant("effectiveFrom", effectiveFrom);
    if (from == null) {
      throw BillingProblems.badParameter("effectiveFrom",
          "effectiveFrom is required: the ISO-8601 instant the card takes effect, e.g. 2026-07-01T00:00:00Z");
    }
    String source = BillingProblems.optional(note) != null ? note.strip() : "uploaded";
    RateCard card;
    try {
      card = cards.upload(utf8(body), from, source);
    } catch (RateCardCsvException e) {
      throw BillingProblems.invalidRateCard(e);
    } catch (RateCards.EffectiveFromInThePast e) {
      throw BillingProblems.badParameter("effectiveFrom", e.getMessage());
    }
    return ResponseEntity.created(URI.create("/api/v1/rate-cards/" + card.version())).body(Card.of(card));
  }

  @Operation(summary = "Every rate card version, newest first")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE, Role.OPERATOR})
  public List<CardHeader> list() {
    Long inEffect = cards.current().map(RateCard::version).orElse(null);
    return cards.list().stream().map(s -> CardHeader.of(s, inEffect)).toList();
  }

  @Operation(summary = "The rate card in effect now, with its market mapping")
  @GetMapping(value = "/current", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.NO_RATE_CARD})
  public Card current() {
    return Card.of(currentCard());
  }

  @Operation(summary = "The rate card in effect now, as the CSV it could be uploaded as")
  @GetMapping(value = "/current", produces = CsvResponse.TEXT_CSV)
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.NO_RATE_CARD})
  public ResponseEntity<String> currentCsv() {
    return csv(currentCard());
  }

  @Operation(summary = "One rate card version")
  @GetMapping(value = "/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.RATE_CARD_NOT_FOUND})
  public Card version(@PathVariable long version) {
    return Card.of(card(version));
  }

  @Operation(summary = "One rate card version, as CSV")
  @GetMapping(value = "/{version}", produces = CsvResponse.TEXT_CSV)
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.RATE_CARD_NOT_FOUND})
  public ResponseEntity<String> versionCsv(@PathVariable long version) {
    return csv(card(version));
  }

  private RateCard currentCard() {
    return cards.current().orElseThrow(() -> BillingProblems.error(HttpStatus.NOT_FOUND,
        BillingProblems.NO_RATE_CARD, "no rate card is in effect now"));
  }

  private RateCard card(long version) {
    return cards.find(version).orElseThrow(() -> BillingProblems.error(HttpStatus.NOT_FOUND,
        BillingProblems.RATE_CARD_NOT_FOUND, "there is no rate card version " + version));
  }

  private static ResponseEntity<String> csv(RateCard card) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(RateCardCsv.write(card));
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw BillingProblems.error(HttpStatus.BAD_REQUEST, BillingProblems.INVALID_RATE_CARD,
          "the card is not UTF-8 text");
    }
  }
}
