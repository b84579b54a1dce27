package io.wacall.api.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokens bearer tokens accepted on {@code /api/**} (comma-separated in the environment
 *     variable {@code WACALL_API_TOKENS}); one per calling service, so one can be rotated alone
 */
@ConfigurationProperties("wacall.api")
public record ApiProperties(@DefaultValue List<String> tokens) {}
