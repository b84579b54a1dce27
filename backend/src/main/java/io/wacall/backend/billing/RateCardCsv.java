package io.wacall.backend.billing;

import io.wacall.backend.billing.RateCardCsvException.LineError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rate-card CSV: header {@code market,tier_from_minutes,rate_per_minute,currency} (any column
 * order, extra columns ignored), one line per market and volume tier. {@code rate_per_minute} is a
 * plain decimal or {@code N/A} (the market cannot be called). Blank lines and lines starting with
 * '#' are skipped; line numbers in errors count every physical line.
 */
public final class RateCardCsv {
  public static final String MARKET = "market";
  public static final String TIER_FROM_MINUTES = "tier_from_minutes";
  public static final String RATE_PER_MINUTE = "rate_per_minute";
  public static final String CURRENCY = "currency";
  public static final List<String> COLUMNS = List.of(MARKET, TIER_FROM_MINUTES, RATE_PER_MINUTE, CURRENCY);

  /** How the shipped card (and Meta's messaging card) marks a market that cannot be called. */
  public static final String NOT_AVAILABLE = "N/A";

  /** Decimal places a rate may have: the scale of the NUMERIC(18,8) columns, so none is rounded. */
  public static final int MAX_RATE_SCALE = 8;

  // A tier bound beyond this many minutes (about 19,000 years of calls a month) is a typo, and
  // keeping it this size keeps the volume arithmetic in pulses far from overflow.
  static final long MAX_TIER_MINUTES = 10_000_000_000L;
  private static final int MAX_ERRORS = 100;
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  /** One accepted line. {@code ratePerMinute} null means N/A. */
  public record Line(int line, String market, long tierFromMinutes, BigDecimal ratePerMinute, String currency) {}

  private RateCardCsv() {}

  /**
   * Parses and validates a card against the markets of {@code mapping}.
   *
   * @return the lines, in file order
   * @throws RateCardCsvException naming every line that is wrong
   */
  public static List<Line> parse(String text, MarketMapping mapping) {
    List<LineError> errors = new ArrayList<>();
    List<Line> accepted = new ArrayList<>();
    Map<String, Integer> column = null;
    int headerLine = 0;
    int width = 0;
    String currency = null;
    int currencyLine = 0;
    Map<String, Integer> lineOfTier = new HashMap<>();

    for (Csv.Line raw : Csv.lines(text)) {
      if (errors.size() >= MAX_ERRORS) {
        break;
      }
      if (!raw.isData()) {
        continue;
      }
      int n = raw.number();
      List<String> fields;
      try {
        fields = Csv.fields(raw.text());
      } catch (IllegalArgumentException e) {
        errors.add(new LineError(n, e.getMessage()));
        continue;
      }
      if (column == null) {
        column = header(fields, n, errors);
        if (column == null) {
          break; // without the columns no line can be read
        }
        headerLine = n;
        width = fields.size();
        continue;
      }
      if (fields.size() != width) {
        errors.add(new LineError(n, "expected " + width + " fields (" + String.join(",", COLUMNS)
            + "), found " + fields.size()));
        continue;
      }
      int before = errors.size();
      String market = market(fields.get(column.get(MARKET)), mapping, n, errors);
      Long tier = tier(fields.get(column.get(TIER_FROM_MINUTES)), n, errors);
      BigDecimal rate = rate(fields.get(column.get(RATE_PER_MINUTE)), n, errors);
      String code = currency(fields.get(column.get(CURRENCY)), n, errors);
      if (code != null) {
        if (currency == null) {
          currency = code;
          currencyLine = n;
        } else if (!currency.equals(code)) {
          errors.add(new LineError(n, "currency " + code + " differs from " + currency + " on line "
              + currencyLine + "; a rate card has one currency"));
        }
      }
      if (errors.size() > before) {
        continue;
      }
      Integer first = lineOfTier.putIfAbsent(market + "\u0000" + tier, n);
      if (first != null) {
        errors.add(new LineError(n, "duplicate tier: " + market + " already has a tier from " + tier
            + " minutes on line " + first + " (tiers may not overlap)"));
        continue;
      }
      accepted.add(new Line(n, market, tier, rate, code));
    }

    if (column == null && errors.isEmpty()) {
      errors.add(new LineError(1, "the card is empty; expected the header " + String.join(",", COLUMNS)));
    } else if (column != null && accepted.isEmpty() && errors.isEmpty()) {
      errors.add(new LineError(headerLine, "the card has no rates"));
    }
    if (errors.isEmpty()) {
      checkMarkets(accepted, errors);
    }
    if (!errors.isEmpty()) {
      throw new RateCardCsvException(errors);
    }
    return List.copyOf(accepted);
  }

  /** A card as CSV in the upload format (N/A for a market that cannot be called). */
  public static String write(RateCard card) {
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    card.rates().values().forEach(rates -> {
      if (!rates.callable()) {
        csv.append(Csv.quote(rates.market())).append(",0,").append(NOT_AVAILABLE).append(',')
            .append(card.currency()).append('\n');
      }
      rates.tiers().forEach(tier -> csv.append(Csv.quote(rates.market())).append(',')
          .append(tier.fromMinutes()).append(',').append(tier.ratePerMinute().toPlainString())
          .append(',').append(card.currency()).append('\n'));
    });
    return csv.toString();
  }

  private static Map<String, Integer> header(List<String> fields, int n, List<LineError> errors) {
    Map<String, Integer> column = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).toLowerCase(Locale.ROOT);
      if (COLUMNS.contains(name) && column.putIfAbsent(name, i) != null) {
        errors.add(new LineError(n, "column " + name + " appears twice in the header"));
        return null;
      }
    }
    List<String> missing = COLUMNS.stream().filter(c -> !column.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      errors.add(new LineError(n, "the header lacks " + String.join(", ", missing) + "; expected "
          + String.join(",", COLUMNS)));
      return null;
    }
    return column;
  }

  private static String market(String value, MarketMapping mapping, int n, List<LineError> errors) {
    if (value.isEmpty()) {
      errors.add(new LineError(n, "market is empty"));
      return null;
    }
    return mapping.canonicalMarket(value).orElseGet(() -> {
      errors.add(new LineError(n, "unknown market '" + value + "'; the markets are "
          + String.join(", ", mapping.markets())));
      return null;
    });
  }

  private static Long tier(String value, int n, List<LineError> errors) {
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      errors.add(new LineError(n, "tier_from_minutes '" + value + "' is not a whole number of minutes"));
      return null;
    }
    BigDecimal minutes = new BigDecimal(value);
    if (minutes.signum() < 0) {
      errors.add(new LineError(n, "negative tier_from_minutes " + value));
      return null;
    }
    if (minutes.compareTo(BigDecimal.valueOf(MAX_TIER_MINUTES)) > 0) {
      errors.add(new LineError(n, "tier_from_minutes " + value + " is beyond " + MAX_TIER_MINUTES));
      return null;
    }
    return minutes.longValueExact();
  }

  private static BigDecimal rate(String value, int n, List<LineError> errors) {
    if (value.equalsIgnoreCase(NOT_AVAILABLE)) {
      return null;
    }
    if (!PLAIN_DECIMAL.matcher(value).matches()) {
      errors.add(new LineError(n, "rate_per_minute '" + value + "' is not a decimal number or N/A"));
      return null;
    }
    BigDecimal rate = new BigDecimal(value);
    if (rate.signum() < 0) {
      errors.add(new LineError(n, "negative rate " + value));
      return null;
    }
    if (rate.stripTrailingZeros().scale() > MAX_RATE_SCALE) {
      errors.add(new LineError(n, "rate " + value + " has more than " + MAX_RATE_SCALE + " decimal places"));
      return null;
    }
    if (rate.precision() - rate.scale() > 10) {
      errors.add(new LineError(n, "rate " + value + " is too large"));
      return null;
    }
    return rate.scale() > MAX_RATE_SCALE ? rate.setScale(MAX_RATE_SCALE) : rate;
  }

  private static String currency(String value, int n, List<LineError> errors) {
    String code = value.toUpperCase(Locale.ROOT);
    if (CURRENCY_CODE.matcher(code).matches()) {
      try {
        Currency.getInstance(code);
        return code;
      } catch (IllegalArgumentException unknown) {
        // reported below
      }
    }
    errors.add(new LineError(n, "currency '" + value + "' is not an ISO 4217 code"));
    return null;
  }

  /** Per market: the tiers start at 0, and N/A stands alone. */
  private static void checkMarkets(List<Line> lines, List<LineError> errors) {
    Map<String, List<Line>> byMarket = new LinkedHashMap<>();
    lines.forEach(l -> byMarket.computeIfAbsent(l.market(), m -> new ArrayList<>()).add(l));
    byMarket.forEach((market, tiers) -> {
      Line notAvailable = tiers.stream().filter(l -> l.ratePerMinute() == null).findFirst().orElse(null);
      if (notAvailable != null && tiers.size() > 1) {
        Line other = tiers.stream().filter(l -> l != notAvailable).findFirst().orElseThrow();
        errors.add(new LineError(other.line(), market + " is N/A on line " + notAvailable.line()
            + " and cannot also have a tier"));
        return;
      }
      Line lowest = tiers.stream().min(Comparator.comparingLong(Line::tierFromMinutes)).orElseThrow();
      if (lowest.tierFromMinutes() != 0) {
        errors.add(new LineError(lowest.line(), market + "'s lowest tier starts at "
            + lowest.tierFromMinutes() + " minutes; the first tier must start at 0"));
      }
    });
  }
}
