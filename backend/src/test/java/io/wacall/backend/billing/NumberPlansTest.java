package io.wacall.backend.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link NumberPlans} answers what libphonenumber's {@code getRegionCodeForNumber} followed by
 * {@code isValidNumberForRegion} answers, for numbers of every region and calling code: each
 * region's example of every kind of number, the same with its last digits drawn at random, one
 * digit shorter and one longer, and random digit strings under every calling code.
 */
class NumberPlansTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  @Test
  void theRegionOfEveryNumberIsLibphonenumbersAnswer_validOrNot() throws NumberParseException {
    Random random = new Random(20261202);
    List<String> numbers = new ArrayList<>();
    Set<Integer> callingCodes = new TreeSet<>();
    for (String region : UTIL.getSupportedRegions()) {
      callingCodes.add(UTIL.getCountryCodeForRegion(region));
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = UTIL.getExampleNumberForType(region, type);
        if (example == null) {
          continue;
        }
        String digits = "+" + example.getCountryCode() + UTIL.getNationalSignificantNumber(example);
        numbers.add(digits);
        numbers.add(digits.substring(0, digits.length() - 1));
        numbers.add(digits + random.nextInt(10));
        for (int i = 0; i < 40; i++) {
          numbers.add(withRandomTail(digits, 1 + random.nextInt(6), random));
        }
      }
    }
    callingCodes.addAll(UTIL.getSupportedGlobalNetworkCallingCodes());
    for (int code : callingCodes) {
      for (int i = 0; i < 40; i++) {
        StringBuilder digits = new StringBuilder("+").append(code);
        int length = 4 + random.nextInt(10);
        for (int d = 0; d < length; d++) {
          digits.append(random.nextInt(10));
        }
        numbers.add(digits.toString());
      }
    }

    int valid = 0;
    int shared = 0;
    for (String text : numbers) {
      PhoneNumber number;
      try {
        number = UTIL.parse(text, "ZZ");
      } catch (NumberParseException e) {
        continue;
      }
      String region = UTIL.getRegionCodeForNumber(number);
      String expected = region != null && UTIL.isValidNumberForRegion(number, region) ? region : null;
      assertThat(NumberPlans.validRegion(number)).as(text).isEqualTo(expected);
      valid += expected == null ? 0 : 1;
      shared += UTIL.getRegionCodesForCountryCode(number.getCountryCode()).size() > 1 && expected != null ? 1 : 0;
    }
    // the sample holds both answers in numbers, and shared calling codes resolved by number plan
    assertThat(numbers).hasSizeGreaterThan(50_000);
    assertThat(valid).isGreaterThan(20_000).isLessThan(numbers.size() - 10_000);
    assertThat(shared).isGreaterThan(2_000);
  }

  @Test
  void sharedCallingCodesResolveByNumberPlan_andANumberOfNoRegionIsInvalid() throws NumberParseException {
    assertThat(NumberPlans.validRegion(UTIL.parse("+18765550123", "ZZ"))).isEqualTo("JM");
    assertThat(NumberPlans.validRegion(UTIL.parse("+12025550123", "ZZ"))).isEqualTo("US");
    assertThat(NumberPlans.validRegion(UTIL.parse("+77012345678", "ZZ"))).isEqualTo("KZ");
    assertThat(NumberPlans.validRegion(UTIL.parse("+447700900123", "ZZ"))).as("a drama number").isNull();
    assertThat(NumberPlans.validRegion(UTIL.parse("+80012345678", "ZZ"))).isEqualTo("001");
    assertThat(NumberPlans.validRegion(UTIL.parse("+525512345678", "ZZ"))).isEqualTo("MX");
  }

  private static String withRandomTail(String digits, int tail, Random random) {
    StringBuilder out = new StringBuilder(digits.substring(0, Math.max(2, digits.length() - tail)));
    while (out.length() < digits.length()) {
      out.append(random.nextInt(10));
    }
    return out.toString();
  }
}
