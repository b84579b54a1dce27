package io.wacall.contract.call.command;

/**
 * A per-call choice of whether Meta records and transcribes the call, over the business number's
 * settings (docs/api.md#recordings-and-transcripts). A null field keeps the number's setting.
 *
 * @param record true: recorded; false: not recorded; null: as the number says
 * @param transcribe true: transcribed; false: not transcribed; null: as the number says
 */
public record CallCapture(Boolean record, Boolean transcribe) {}
