-- A voicemail the caller left after a missed call is kept like a recording (docs/meta-cloud-api.md#voicemail).
ALTER TABLE call_media DROP CONSTRAINT call_media_kind_check;
ALTER TABLE call_media ADD CONSTRAINT call_media_kind_check CHECK (kind IN ('RECORDING', 'TRANSCRIPT', 'VOICEMAIL'));
