package io.wacall.api.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Problems;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.store.media.CallMediaSettings;
import io.wacall.backend.store.media.CallMediaSettingsRepository;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whether Meta records and transcribes a business number's calls, and what the announcement says
 * (docs/api.md#recordings-and-transcripts). Off until an operator turns it on; a call may choose
 * otherwise when it is placed or answered.
 */
@RestController
@RequestMapping("/api/v1/phone-numbers")
@Tag(name = "Business numbers")
public class CallMediaSettingsController {
  private final PhoneNumberRepository numbers;
  private final CallMediaSettingsRepository settings;

  public CallMediaSettingsController(PhoneNumberRepository numbers, CallMediaSettingsRepository settings) {
    this.numbers = numbers;
    this.settings = settings;
  }

  /**
   * @param recordCalls Meta records the calls (off when left out)
   * @param transcribeCalls Meta transcribes the calls (off when left out)
   * @param purpose read to the caller in the announcement, at most 250 characters (default "quality assurance")
   * @param announcementLanguage the announcement's locale, one Meta supports (default {@code en_US})
   */
  public record CallMediaBody(Boolean recordCalls, Boolean transcribeCalls, String purpose,
      String announcementLanguage) {}

  public record CallMediaResponse(String phoneNumberId, boolean recordCalls, boolean transcribeCalls, String purpose,
      String announcementLanguage) {
    static CallMediaResponse of(String phoneNumberId, CallMediaSettings s) {
      return new CallMediaResponse(phoneNumberId, s.recordCalls(), s.transcribeCalls(), s.purposeOrDefault(),
          s.languageOrDefault());
    }
  }

  @PutMapping("/{phoneNumberId}/call-media")
  @Operation(summary = "Replace whether a business number's calls are recorded and transcribed by Meta")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public CallMediaResponse put(@PathVariable String phoneNumberId, @RequestBody CallMediaBody body) {
    CallMediaSettings wanted = new CallMediaSettings(Boolean.TRUE.equals(body.recordCalls()),
        Boolean.TRUE.equals(body.transcribeCalls()), body.purpose(), body.announcementLanguage());
    String problem = wanted.problem();
    if (problem != null) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", problem);
    }
    if (!settings.save(phoneNumberId, wanted)) {
      throw new UnknownPhoneNumberException(phoneNumberId);
    }
    return CallMediaResponse.of(phoneNumberId, settings.find(phoneNumberId));
  }

  @GetMapping("/{phoneNumberId}/call-media")
  @Operation(summary = "Whether a business number's calls are recorded and transcribed by Meta")
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public CallMediaResponse get(@PathVariable String phoneNumberId) {
    numbers.find(phoneNumberId).orElseThrow(() -> new UnknownPhoneNumberException(phoneNumberId));
    return CallMediaResponse.of(phoneNumberId, settings.find(phoneNumberId));
  }
}
