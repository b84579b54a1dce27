package io.wacall.api.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param corsOrigins the Temporal UI's origins (e.g. {@code http://localhost:8088}) allowed to call the
 *     payload codec endpoint from the browser ({@code WACALL_CODEC_CORS_ORIGINS}); empty: none
 */
@ConfigurationProperties("wacall.codec")
public record CodecCorsProperties(@DefaultValue List<String> corsOrigins) {}
