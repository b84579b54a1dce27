package io.wacall.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which pages may frame the console: none by default; the origins an operator lists, written as
 * the CSP wants them; anything that is not an origin is refused at start, not sent to browsers.
 * (Framed for real, by a CRM page of another origin: ConsoleBrowserTest in the embedded module.)
 */
class ConsoleFramingTest extends ApiHttpTest {
  @Test
  void byDefaultNoPageMayFrameTheConsole() throws Exception {
    HttpResponse<String> page = send("GET", "/console/", null, null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isEmpty();
  }

  @Test
  void listedOriginsAreWrittenAsTheContentSecurityPolicyWantsThem() {
    ConsoleFraming framing = new ConsoleFraming(List.of(" https://CRM.example.com ", "http://127.0.0.1:8443/", ""));

    assertThat(framing.allowsFraming()).isTrue();
    assertThat(framing.contentSecurityPolicy())
        .isEqualTo("frame-ancestors 'self' https://crm.example.com http://127.0.0.1:8443");
    assertThat(new ConsoleFraming(null).allowsFraming()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "https://*.example.com", "crm.example.com", "https://crm.example.com/app",
      "https://crm.example.com?x=1", "javascript:alert(1)", "https://user@crm.example.com", "https://crm example"})
  void whatIsNotAnOriginIsRefused(String value) {
    assertThatThrownBy(() -> new ConsoleFraming(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wacall.api.console.frame-ancestors");
  }
}
