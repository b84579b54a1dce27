package io.wacall.backend.store.media;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code phone_number_call_media}: a business number's recording and transcription settings. */
@Repository
public class CallMediaSettingsRepository {
  private final JdbcClient jdbc;

  public CallMediaSettingsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Notes that Meta accepted a connect or accept of the call asking for recording or transcription; once. */
  public void captureRequested(String callId, String wacid, boolean recording, boolean transcription) {
    jdbc.sql("""
        INSERT INTO call_capture (call_id, wacid, recording, transcription) VALUES (:id, :wacid, :rec, :tr)
        ON CONFLICT (call_id) DO NOTHING""")
        .param("id", callId).param("wacid", wacid).param("rec", recording).param("tr", transcription).update();
  }

  /** What Meta was asked to make of the call: {@code [recording, transcription]}, if anything. */
  public Optional<boolean[]> captureOf(String callId) {
    return jdbc.sql("SELECT recording, transcription FROM call_capture WHERE call_id = :id").param("id", callId)
        .query((rs, n) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).optional();
  }

  /** The number's settings; {@link CallMediaSettings#OFF} when it has none. */
  public CallMediaSettings find(String phoneNumberId) {
    return jdbc.sql("""
        SELECT record_calls, transcribe_calls, purpose, announcement_language
        FROM phone_number_call_media WHERE phone_number_id = :pnid""")
        .param("pnid", phoneNumberId)
        .query((rs, n) -> new CallMediaSettings(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getString(4)))
        .optional().orElse(CallMediaSettings.OFF);
  }

  /**
   * Replaces the number's settings.
   *
   * @return false when the number is not in the directory
   */
  public boolean save(String phoneNumberId, CallMediaSettings settings) {
    Optional<String> known = jdbc.sql("SELECT phone_number_id FROM phone_numbers WHERE phone_number_id = :pnid")
        .param("pnid", phoneNumberId).query(String.class).optional();
    if (known.isEmpty()) {
      return false;
    }
    jdbc.sql("""
        INSERT INTO phone_number_call_media (phone_number_id, record_calls, transcribe_calls, purpose,
                                             announcement_language, updated_at)
        VALUES (:pnid, :rec, :tr, :purpose, :lang, now())
        ON CONFLICT (phone_number_id) DO UPDATE SET record_calls = EXCLUDED.record_calls,
            transcribe_calls = EXCLUDED.transcribe_calls, purpose = EXCLUDED.purpose,
            announcement_language = EXCLUDED.announcement_language, updated_at = now()""")
        .param("pnid", phoneNumberId)
        .param("rec", settings.recordCalls())
        .param("tr", settings.transcribeCalls())
        .param("purpose", settings.purpose())
        .param("lang", settings.announcementLanguage())
        .update();
    return true;
  }
}
