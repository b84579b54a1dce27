package io.wacall.workflows.call;

/**
 * Answer of {@code CheckOutbound}: may this business number call this customer now? Made before any
 * Cloud API call.
 *
 * @param businessInitiatedCallingAllowed the business number's country allows BIC (not US, CA, EG, VN, NG...)
 * @param destinationCallable the callee's market is on the rate card
 * @param region the callee's ISO region (from libphonenumber)
 * @param market the rate card market of the callee
 * @param reason a human-readable reason when something is not allowed
 * @param permissionGranted CallPermission says a grant is active now
 * @param permissionStatus CallPermission's status ({@code NONE}, {@code TEMPORARY}...)
 */
public record OutboundCheck(
    boolean businessInitiatedCallingAllowed,
    boolean destinationCallable,
    String region,
    String market,
    String reason,
    boolean permissionGranted,
    String permissionStatus) {}
