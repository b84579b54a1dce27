-- Call recordings and transcripts made by Meta (docs/meta-cloud-api.md#call-recording).

-- Whether a business number's calls are recorded and transcribed, and what the announcement says.
-- A table of its own beside phone_numbers: a number without a row records nothing (Meta's default).
CREATE TABLE phone_number_call_media (
    phone_number_id       TEXT        PRIMARY KEY REFERENCES phone_numbers (phone_number_id) ON DELETE CASCADE,
    record_calls          BOOLEAN     NOT NULL DEFAULT FALSE,
    transcribe_calls      BOOLEAN     NOT NULL DEFAULT FALSE,
    purpose               TEXT,
    announcement_language TEXT,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT phone_number_call_media_purpose_chk CHECK (purpose IS NULL OR char_length(purpose) <= 250)
);

-- One row per call and kind once the file is in the object store (written by the CallMedia
-- workflow's RecordCallMedia activity; a retry writes once). call_id is the call's workflow ID when
-- the call is known, else null (the media of a call wacall has no record of is still kept).
CREATE TABLE call_media (
    wacid           TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('RECORDING', 'TRANSCRIPT')),
    phone_number_id TEXT        NOT NULL,
    call_id         TEXT,
    media_id        TEXT        NOT NULL,
    object_key      TEXT        NOT NULL,
    content_type    TEXT        NOT NULL,
    size_bytes      BIGINT      NOT NULL,
    sha256          TEXT        NOT NULL,
    available_at    TIMESTAMPTZ,
    stored_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (wacid, kind)
);
CREATE INDEX call_media_call_idx ON call_media (call_id);
CREATE INDEX call_media_stored_idx ON call_media (stored_at);

-- What Meta was asked to make of a call: written by the PlaceCall / AnswerCall activity once Meta
-- accepted the connect or accept that carried recording / transcription. With call_media it tells
-- a recorded call from one whose caller hung up during Meta's announcement (docs/api.md).
CREATE TABLE call_capture (
    call_id       TEXT        PRIMARY KEY,                -- the call's workflow ID
    wacid         TEXT        NOT NULL,
    recording     BOOLEAN     NOT NULL,
    transcription BOOLEAN     NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
