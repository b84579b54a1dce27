package io.wacall.backend.billing;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.RegionMetadataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The region of a parsed number where it is valid: exactly {@code getRegionCodeForNumber} and then
 * {@code isValidNumberForRegion} of libphonenumber, from the same metadata, in one pass and with each
 * region's patterns compiled once.
 *
 * <p>Why not the two calls: libphonenumber keeps 100 compiled patterns in an LRU cache, and numbers
 * spread over the world's regions evict and recompile them all the time; where a calling code is
 * shared ({@code +1}, {@code +44}, {@code +7}) it finds the region by checking the number's validity
 * there, and the second call checks it again; and it tries premium-rate, toll-free, shared-cost,
 * VoIP, personal, pager, UAN and voicemail patterns before fixed-line and mobile, while a WhatsApp
 * customer's number is nearly always mobile. Validity needs only that one of them matches, in any
 * order. {@code NumberPlansTest} checks the answer equals libphonenumber's for numbers of every
 * region, valid and not.
 */
final class NumberPlans {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final RegionMetadataSource METADATA =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
  private static final ConcurrentMap<String, Plan> PLANS = new ConcurrentHashMap<>();

  private NumberPlans() {}

  /** One kind of number of a region: the lengths it may have (none listed: any) and its pattern. */
  private record Desc(int[] lengths, Pattern pattern) {
    static Desc of(PhoneNumberDesc desc) {
      if (!desc.hasNationalNumberPattern() || desc.getNationalNumberPattern().isEmpty()) {
        return null; // matches nothing (libphonenumber's matcher answers false for an empty pattern)
      }
      return new Desc(desc.getPossibleLengthList().stream().mapToInt(Integer::intValue).toArray(),
          Pattern.compile(desc.getNationalNumberPattern()));
    }

    boolean matches(String nationalNumber) {
      if (lengths.length > 0) {
        boolean possible = false;
        for (int length : lengths) {
          possible |= length == nationalNumber.length();
        }
        if (!possible) {
          return false;
        }
      }
      return pattern.matcher(nationalNumber).matches();
    }
  }

  /**
   * A region's plan: the leading digits that name it among the regions of its calling code (if
   * any), its general pattern, and the kinds of numbers it has, mobile and fixed-line first.
   */
  private record Plan(Pattern leadingDigits, Desc general, List<Desc> kinds) {
    static Plan of(PhoneMetadata metadata) {
      List<Desc> kinds = new ArrayList<>();
      if (!metadata.getSameMobileAndFixedLinePattern()) {
        // with the same pattern libphonenumber never asks the mobile one apart from the fixed-line one
        add(kinds, metadata.getMobile());
      }
      add(kinds, metadata.getFixedLine());
      for (PhoneNumberDesc other : List.of(metadata.getPremiumRate(), metadata.getTollFree(), metadata.getSharedCost(),
          metadata.getVoip(), metadata.getPersonalNumber(), metadata.getPager(), metadata.getUan(),
          metadata.getVoicemail())) {
        add(kinds, other);
      }
      return new Plan(metadata.hasLeadingDigits() ? Pattern.compile(metadata.getLeadingDigits()) : null,
          Desc.of(metadata.getGeneralDesc()), List.copyOf(kinds));
    }

    private static void add(List<Desc> kinds, PhoneNumberDesc desc) {
      Desc compiled = Desc.of(desc);
      if (compiled != null) {
        kinds.add(compiled);
      }
    }

    /** libphonenumber's "number type is not UNKNOWN". */
    boolean valid(String nationalNumber) {
      if (general == null || !general.matches(nationalNumber)) {
        return false;
      }
      for (Desc kind : kinds) {
        if (kind.matches(nationalNumber)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The region {@code number} belongs to and is valid in, or null when it is valid in none. */
  static String validRegion(PhoneNumber number) {
    List<String> regions = UTIL.getRegionCodesForCountryCode(number.getCountryCode());
    if (regions.isEmpty()) {
      return null;
    }
    if (regions.size() == 1 && PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(regions.get(0))) {
      // +800, +808, +870, ...: no region's plan; rare enough for libphonenumber's own path
      return UTIL.isValidNumberForRegion(number, regions.get(0)) ? regions.get(0) : null;
    }
    String nationalNumber = UTIL.getNationalSignificantNumber(number);
    if (regions.size() == 1) {
      return plan(regions.get(0)).valid(nationalNumber) ? regions.get(0) : null;
    }
    for (String region : regions) {
      Plan plan = plan(region);
      if (plan.leadingDigits() != null) {
        if (plan.leadingDigits().matcher(nationalNumber).lookingAt()) {
          return plan.valid(nationalNumber) ? region : null;
        }
      } else if (plan.valid(nationalNumber)) {
        return region;
      }
    }
    return null;
  }

  private static Plan plan(String region) {
    return PLANS.computeIfAbsent(region, r -> Plan.of(METADATA.getMetadataForRegion(r)));
  }
}
