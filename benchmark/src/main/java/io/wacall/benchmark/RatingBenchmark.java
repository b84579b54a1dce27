package io.wacall.benchmark;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.wacall.backend.billing.DefaultRateCard;
import io.wacall.backend.billing.PhoneRegions;
import io.wacall.backend.billing.RateCard;
import io.wacall.backend.billing.Rating;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * How fast billing rates numbers, next to how fast libphonenumber alone parses them, measured in
 * the same run on the same numbers. Rating is what every quote and charge does before it touches
 * the database: parse, find the region (shared calling codes by number plan), check validity, map
 * to a market, count pulses, pick the volume tier, compute the amount.
 *
 * <p>Not a test: it asserts nothing and runs only by hand. Single-threaded; each round runs all the
 * numbers through each kind of work in turn (bare parse; region and validity; full rating); warm-up
 * rounds first, then the median of the measured rounds.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmark -am package -DskipTests
 * java -cp benchmark/target/wacall-benchmark.jar io.wacall.benchmark.RatingBenchmark [numbers=1000000] [rounds=5] [warmup=2]
 * </pre>
 */
public final class RatingBenchmark {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final long SEED = 20_260_501L;

  private RatingBenchmark() {}

  public static void main(String[] args) throws Exception {
    measure(intArg(args, "numbers", 1_000_000), intArg(args, "rounds", 5), intArg(args, "warmup", 2));
  }

  /** Medians of the measured rounds, in numbers a second. */
  record Figures(double parse, double region, double rated) {
    double ratio() {
      return rated / parse;
    }
  }

  /** Measures and prints each round; returns the medians. */
  static Figures measure(int numbers, int rounds, int warmup) throws Exception {
    long t0 = System.nanoTime();
    String[] sample = validNumbers(numbers, new Random(SEED));
    RateCard card = DefaultRateCard.load();
    System.out.printf(Locale.ROOT, "wacall rating benchmark: %,d distinct valid numbers from %d regions"
            + " (made in %.1f s); Java %s, %d cores, single thread, libphonenumber %s%n",
        sample.length, regionsOf(sample).size(), (System.nanoTime() - t0) / 1e9,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), libphonenumberVersion());

    String loadAverage = loadAverage();
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += parse(sample).sink + regions(sample).sink + rate(sample, card).sink;
    }
    double[] parseRates = new double[rounds];
    double[] regionRates = new double[rounds];
    double[] ratedRates = new double[rounds];
    System.out.println("round   bare parse/s    region/s     rated/s  rated/parse");
    for (int i = 0; i < rounds; i++) {
      Result parsed = parse(sample);
      Result regions = regions(sample);
      Result rated = rate(sample, card);
      sink += parsed.sink + regions.sink + rated.sink;
      parseRates[i] = parsed.perSecond(sample.length);
      regionRates[i] = regions.perSecond(sample.length);
      ratedRates[i] = rated.perSecond(sample.length);
      System.out.printf(Locale.ROOT, "%5d %14s %11s %11s %12.2f%n", i + 1, fmt(parseRates[i]),
          fmt(regionRates[i]), fmt(ratedRates[i]), ratedRates[i] / parseRates[i]);
    }
    double parse = median(parseRates);
    double region = median(regionRates);
    double rated = median(ratedRates);
    System.out.printf(Locale.ROOT, "median over %d rounds of %,d numbers (load average before: %s):%n", rounds,
        sample.length, loadAverage);
    System.out.printf(Locale.ROOT, "  bare libphonenumber parse                          %12s numbers/s%n", fmt(parse));
    System.out.printf(Locale.ROOT, "  region (parse, region by number plan, validity)    %12s numbers/s%n", fmt(region));
    System.out.printf(Locale.ROOT, "  rated (region, market, pulses, tier, exact amount) %12s numbers/s%n", fmt(rated));
    System.out.printf(Locale.ROOT, "  ratio rated / bare parse                           %12.2f%n", rated / parse);
    System.out.println("(sink " + (sink & 0xff) + ")"); // keeps the JIT from dropping the work
    return new Figures(parse, region, rated);
  }

  private record Result(long nanos, long sink) {
    double perSecond(int count) {
      return count / (nanos / 1e9);
    }
  }

  /** What libphonenumber alone costs: parsing the international string. */
  private static Result parse(String[] numbers) throws NumberParseException {
    long sink = 0;
    long start = System.nanoTime();
    for (String number : numbers) {
      PhoneNumber parsed = UTIL.parse(number, "ZZ");
      sink += parsed.getNationalNumber();
    }
    return new Result(System.nanoTime() - start, sink);
  }

  /** The libphonenumber part of rating: the region by number plan, and the validity check. */
  private static Result regions(String[] numbers) {
    long sink = 0;
    long start = System.nanoTime();
    for (String number : numbers) {
      sink += PhoneRegions.regionOf(number).hashCode();
    }
    return new Result(System.nanoTime() - start, sink);
  }

  /** What billing costs: the whole rating of a call to each number. */
  private static Result rate(String[] numbers, RateCard card) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < numbers.length; i++) {
      String region = PhoneRegions.regionOf(numbers[i]);
      long seconds = i % 900;                          // calls of 0 to 15 minutes
      long pulsesBefore = (i * 7_919L) % 60_000_000L;  // month-to-date volume across every tier
      Rating rating = card.rate(region, seconds, pulsesBefore);
      sink += rating.pulses() + (rating.amount() == null ? 0 : rating.amount().unscaledValue().longValue());
    }
    return new Result(System.nanoTime() - start, sink);
  }

  /**
   * Distinct valid numbers spread over every region libphonenumber knows: each region's example
   * mobile (else fixed-line) number with up to six last digits drawn at random, kept only when valid.
   */
  static String[] validNumbers(int count, Random random) {
    List<String> regions = new ArrayList<>(new TreeSet<>(UTIL.getSupportedRegions()));
    List<PhoneNumber> examples = new ArrayList<>();
    for (String region : regions) {
      PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
      if (example == null) {
        example = UTIL.getExampleNumberForType(region, PhoneNumberType.FIXED_LINE);
      }
      if (example != null && UTIL.isValidNumber(example)) {
        examples.add(example);
      }
    }
    Set<String> seen = new HashSet<>(count * 2);
    String[] numbers = new String[count];
    int made = 0;
    int attempts = 0;
    while (made < count) {
      if (++attempts > count * 50) {
        throw new IllegalStateException("could not make " + count + " distinct valid numbers");
      }
      // By attempt, not by success: a region with few valid variants gives way to the next.
      PhoneNumber example = examples.get(attempts % examples.size());
      long national = example.getNationalNumber();
      int digits = Math.max(1, Math.min(6, String.valueOf(national).length() - 3));
      long modulus = (long) Math.pow(10, digits);
      PhoneNumber candidate = new PhoneNumber()
          .setCountryCode(example.getCountryCode())
          .setNationalNumber(national - national % modulus + Math.floorMod(random.nextLong(), modulus));
      if (example.hasItalianLeadingZero()) {
        candidate.setItalianLeadingZero(true);
      }
      if (UTIL.isValidNumber(candidate)) {
        String e164 = UTIL.format(candidate, PhoneNumberFormat.E164);
        if (seen.add(e164)) {
          numbers[made++] = e164;
        }
      }
    }
    // Shuffle, so that consecutive numbers are not from the same region.
    for (int i = numbers.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String swap = numbers[i];
      numbers[i] = numbers[j];
      numbers[j] = swap;
    }
    return numbers;
  }

  private static Set<String> regionsOf(String[] numbers) {
    Set<String> regions = new TreeSet<>();
    for (String number : numbers) {
      regions.add(PhoneRegions.regionOf(number));
    }
    return regions;
  }

  // Other work on the machine slows every column alike, but the reader should know it was there.
  static String loadAverage() {
    try {
      String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String libphonenumberVersion() {
    try (var in = PhoneNumberUtil.class.getResourceAsStream(
        "/META-INF/maven/com.googlecode.libphonenumber/libphonenumber/pom.properties")) {
      var properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "(unknown version)");
    } catch (java.io.IOException e) {
      return "(unknown version)";
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String fmt(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (String arg : args) {
      if (arg.startsWith(name + "=")) {
        return Integer.parseInt(arg.substring(name.length() + 1).replace("_", "").replace(",", ""));
      }
    }
    return fallback;
  }
}
