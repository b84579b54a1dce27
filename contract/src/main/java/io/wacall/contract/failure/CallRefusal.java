package io.wacall.contract.failure;

import io.wacall.contract.call.view.CallView;
import java.time.Instant;

/**
 * The first detail of a refused {@code connectResult} (and of the other refusals of the call
 * workflows): what the API puts in its problem details.
 *
 * @param code the API's code: {@code PERMISSION_REQUIRED}, {@code CALLING_NOT_AVAILABLE},
 *     {@code DESTINATION_NOT_CALLABLE}, {@code RATE_LIMITED}, {@code CALL_FAILED},
 *     {@code NOT_RINGING_FOR_AGENT}, {@code NOT_IN_CALL}, {@code INVALID_DISPOSITION_TAG}...
 * @param retryAt RATE_LIMITED: when Meta says a call is allowed again, if it said
 * @param graphCode Meta's error code, when the refusal came from the Cloud API
 */
public record CallRefusal(String code, String message, Instant retryAt, Integer graphCode, CallView call) {}
