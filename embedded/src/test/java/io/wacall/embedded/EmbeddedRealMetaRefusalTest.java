package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.app.EmbeddedApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default with a real Cloud API token talks to Meta, so it refuses to start while any
 * development credential of the embedded profile (public: application.yml, the README) is still
 * configured, names each one, and leaves nothing running: no port open, no database, no Temporal.
 */
class EmbeddedRealMetaRefusalTest {
  private static final String REAL_TOKEN = "--wacall.cloud-api.access-token=EAAGreal-looking-system-user-token";
  private static final String OWN_SECRET = "--wacall.webhook.app-secret=my-apps-secret";
  private static final String OWN_VERIFY = "--wacall.webhook.verify-token=my-verify-token";
  private static final String OWN_TOKENS = "--wacall.api.tokens=crm-7f3a,billing-91c2";
  private static final String OWN_OPERATOR_TOKENS = "--wacall.api.operator-tokens=ops-5d1e";
  private static final String OWN_AGENT_KEYS = "--wacall.api.agent-tokens.keys=k1:an-agent-token-key-of-our-own-0123456789";

  @Test
  void withOnlyTheTokenSet_everyDevelopmentCredentialIsNamed() throws IOException {
    String message = refused(REAL_TOKEN);
    assertThat(message).contains("WACALL_CLOUD_API_ACCESS_TOKEN is set (real Meta)", "WACALL_WEBHOOK_APP_SECRET",
        "WACALL_WEBHOOK_VERIFY_TOKEN", "wacall.api.tokens (WACALL_API_TOKENS)", EmbeddedApplication.DEV_API_TOKEN,
        "WACALL_API_OPERATOR_TOKENS", EmbeddedApplication.DEV_OPERATOR_TOKEN, "WACALL_API_AGENT_TOKENS_KEYS");
    assertThat(message).as("the message names settings, it does not echo secrets")
        .doesNotContain(EmbeddedApplication.DEV_AGENT_TOKEN_SECRET);
  }

  @Test
  void theDevelopmentApiTokenIsRefused_aloneOrAmongOthers() throws IOException {
    for (String tokens : List.of("dev-token", "crm-7f3a,dev-token", " crm-7f3a , dev-token ")) {
      String message = refused(REAL_TOKEN, OWN_SECRET, OWN_VERIFY, OWN_OPERATOR_TOKENS, OWN_AGENT_KEYS,
          "--wacall.api.tokens=" + tokens);
      assertThat(message).as(tokens)
          .contains("wacall.api.tokens (WACALL_API_TOKENS) must not hold the development token dev-token")
          .doesNotContain("WACALL_WEBHOOK_APP_SECRET", "WACALL_WEBHOOK_VERIFY_TOKEN", "OPERATOR", "AGENT");
    }
  }

  @Test
  void theDevelopmentOperatorTokenIsRefused() throws IOException {
    String message = refused(REAL_TOKEN, OWN_SECRET, OWN_VERIFY, OWN_TOKENS, OWN_AGENT_KEYS,
        "--wacall.api.operator-tokens=ops-1,dev-operator-token");
    assertThat(message).contains("wacall.api.operator-tokens (WACALL_API_OPERATOR_TOKENS) must not hold the development token "
        + "dev-operator-token").doesNotContain("WACALL_WEBHOOK_APP_SECRET", "WACALL_WEBHOOK_VERIFY_TOKEN", "(WACALL_API_TOKENS)",
        "AGENT");
  }

  @Test
  void theDevelopmentAgentTokenKeyIsRefused_underAnyKeyId() throws IOException {
    String message = refused(REAL_TOKEN, OWN_SECRET, OWN_VERIFY, OWN_TOKENS, OWN_OPERATOR_TOKENS,
        "--wacall.api.agent-tokens.keys=k2:an-agent-token-key-of-our-own-0123456789,renamed:"
            + EmbeddedApplication.DEV_AGENT_TOKEN_SECRET);
    assertThat(message).contains("wacall.api.agent-tokens.keys (WACALL_API_AGENT_TOKENS_KEYS) must not hold the "
        + "development signing key").doesNotContain("WACALL_WEBHOOK_APP_SECRET", "(WACALL_API_TOKENS)", "OPERATOR");
  }

  @Test
  void theDevelopmentAppSecretIsRefused_asBefore() throws IOException {
    assertThat(refused(REAL_TOKEN, OWN_VERIFY, OWN_TOKENS, OWN_OPERATOR_TOKENS, OWN_AGENT_KEYS))
        .contains("wacall.webhook.app-secret (WACALL_WEBHOOK_APP_SECRET) must be your app's secret")
        .doesNotContain("WACALL_API_TOKENS", "WACALL_WEBHOOK_VERIFY_TOKEN", "OPERATOR", "AGENT");
  }

  /** Starts the embedded default on free ports with {@code args}; it must refuse, and free them all. */
  private static String refused(String... args) throws IOException {
    int server = RunningEmbedded.freePort();
    int management = RunningEmbedded.freePort();
    int temporal = RunningEmbedded.freePort();
    int postgres = RunningEmbedded.freePort();
    List<String> all = new ArrayList<>(List.of("--server.port=" + server, "--management.server.port=" + management,
        "--wacall.embedded.temporal.port=" + temporal, "--wacall.embedded.postgres.port=" + postgres));
    all.addAll(List.of(args));
    Throwable failure = null;
    try {
      EmbeddedApplication.run(all.toArray(String[]::new)).close();
    } catch (Throwable e) {
      failure = e;
    }
    assertThat(failure).as("started with " + all).isInstanceOf(IllegalStateException.class);
    for (int port : List.of(server, management, temporal, postgres)) {
      assertThat(bindable(port)).as("port " + port + " is still in use after the refusal").isTrue();
    }
    return failure.getMessage();
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
