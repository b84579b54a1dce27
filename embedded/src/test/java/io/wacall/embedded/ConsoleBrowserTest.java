package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent console and the sandbox's customer phone in a real headless chromium, against the
 * embedded default: real WebRTC between the two pages (fake microphones playing a tone), signalled
 * through wacall's API, workflows and the sandbox's Cloud API. Screenshots of a failed test are kept
 * in {@code target/browser-failures}; the walkthrough's in {@code target/console-screenshots}.
 */
class ConsoleBrowserTest {
  static final String PHONE = "106540352242922";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path FAILURES = Path.of("target", "browser-failures");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static RunningEmbedded app;
  static CrmPage crm;
  Browser browser;

  @RegisterExtension
  final AfterTestExecutionCallback failureScreenshots = context -> {
    if (context.getExecutionException().isPresent() && browser != null) {
      browser.screenshots(FAILURES, context.getRequiredTestMethod().getName());
    }
  };

  @BeforeAll
  static void start() throws Exception {
    if (!Browser.available()) {
      return; // each test is then skipped (or failed, in CI) with the reason, so the report counts them
    }
    crm = CrmPage.start();
    // streams end every 6 s: the consoles reconnect all along, and must miss nothing; the CRM's
    // origin (and no other) may frame the console
    app = RunningEmbedded.start("--wacall.api.events.max-stream=6s",
        "--wacall.api.console.frame-ancestors=" + crm.allowed().origin());
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE, """
        {"displayNumber":"+5511955550123","ringTimeoutSeconds":8,"wrapUpSeconds":600,
         "callbackRequestsEnabled":true,"dispositionTags":["Resolved","Follow-up Required","No Answer"]}"""));
    for (String agent : new String[] {"a-1", "a-2"}) {
      ok(app.callAsOperator("PUT", "/api/v1/agents/" + agent,
          "{\"name\":\"Agent " + agent + "\",\"defaultChannel\":\"WEB_APP\",\"available\":true}"));
    }
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"a-1\",\"a-2\"]}"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (crm != null) {
      crm.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    Browser.assumeAvailable();
    for (String agent : new String[] {"a-1", "a-2"}) {
      ok(app.call("PUT", "/api/v1/agents/" + agent + "/availability", "{\"available\":true}"));
    }
    browser = Browser.start();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aCustomerCallsTheAgentAnswersTheyHearEachOtherAndTheDispositionIsSaved() throws Exception {
    String customer = "5521987650301";
    phone(customer);
    // a-1 signs in with the embedded mode's development sign-in, as the README's walkthrough does
    browser.open("a-1", url("/console/"));
    browser.visible("#dev-form");
    browser.js("document.getElementById('dev-agent').value = 'a-1'");
    browser.click("#dev-form button[type=submit]");
    browser.waitForText("#stream-state", "Live");

    browser.in("phone");
    browser.click("#dial");
    browser.in("a-1");
    browser.visible("#ringing-list li .answer");
    browser.screenshot(SCREENSHOTS.resolve("console-ringing.png"));
    browser.js("document.activeElement.blur()");
    browser.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'a'}))"); // the keyboard answers
    browser.visible("#active");

    bothConnectedAndHearEachOther("a-1", "wacallConsole");
    browser.in("a-1");
    assertThat(browser.visible("#active-customer").getText()).isEqualTo("+" + customer);
    browser.screenshot(SCREENSHOTS.resolve("console-on-a-call.png"));
    browser.in("phone");
    browser.screenshot(SCREENSHOTS.resolve("phone-on-a-call.png"));
    String callId = (String) browser.in("a-1").js("return window.wacallConsole.currentCallId()");

    // the customer hangs up: the console ends the call and opens the wrap-up form
    browser.in("phone");
    browser.click("#hang-up");
    browser.in("a-1");
    browser.visible("#wrap-up");
    browser.waitUntilHidden("#active");
    browser.js("document.getElementById('disposition-tag').value = 'Follow-up Required'");
    browser.visible("#disposition-note").sendKeys("wants a call back on Monday");
    browser.click("#disposition-form button[type=submit]");
    browser.waitForText("#disposition-saved", "Saved: Follow-up Required");
    browser.screenshot(SCREENSHOTS.resolve("console-wrap-up.png"));

    JsonNode call = JSON.readTree(ok(app.call("GET", "/api/v1/calls/" + callId, null)).body());
    assertThat(call.path("agentId").asText()).isEqualTo("a-1");
    assertThat(call.path("disposition").path("tag").asText()).isEqualTo("Follow-up Required");
    assertThat(call.path("disposition").path("note").asText()).isEqualTo("wants a call back on Monday");
  }

  @Test
  void theBackupAnswersWhenThePrimaryLetsItRingAndNeverSeesThePrimarysCalls() throws Exception {
    String customer = "5521987650302";
    phone(customer);
    console("a-1");
    console("a-2");

    browser.in("phone");
    browser.click("#dial");
    browser.in("a-1");
    browser.visible("#ringing-list li .answer");
    String callId = (String) browser.js("return document.querySelector('#ringing-list li').dataset.callId");
    // a-1's microphone is blocked: answering says so plainly, and the call keeps ringing
    browser.js("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('blocked', 'NotAllowedError'))");
    browser.click("#ringing-list li .answer");
    browser.waitForText("#error", "The microphone is blocked");
    assertThat(browser.present("#active:not([hidden])")).isFalse();
    assertThat(browser.present("#ringing-list li")).isTrue();
    // while it rings for a-1, a-2 sees nothing of it, and a-2's token cannot take it
    browser.in("a-2");
    assertThat(browser.present("#ringing-list li")).isFalse();
    HttpResponse<String> stolen = app.callWith(token("a-2"), "POST", "/api/v1/calls/" + callId + "/answer",
        JSON.writeValueAsString(Map.of("sdpAnswer", "v=0\r\n")));
    assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(403);

    // a-1 lets it ring out (8 s); it rings for a-2, who answers and later hangs up
    browser.visible("#ringing-list li .answer");
    browser.in("a-1");
    browser.waitUntilHidden("#ringing-list li");
    browser.in("a-2");
    browser.click("#ringing-list li .answer");
    bothConnectedAndHearEachOther("a-2", "wacallConsole");
    browser.in("a-2");
    browser.click("#hang-up");
    browser.visible("#wrap-up");
    browser.in("phone");
    browser.until("window.wacallPhone.callId() === null");
    browser.waitForText("#phone-state", "No call.");
    // a-1's console never listed the call as its own: it is a-2's
    browser.in("a-1");
    assertThat(browser.present("#history-rows tr[data-call-id='" + callId + "']")).isFalse();
    JsonNode call = JSON.readTree(ok(app.call("GET", "/api/v1/calls/" + callId, null)).body());
    assertThat(call.path("agentId").asText()).isEqualTo("a-2");
  }

  @Test
  void anAgentAsksPermissionThenCallsTheCustomerWhoAnswersAndBothHearEachOther() throws Exception {
    String customer = "5521987650303";
    phone(customer);
    console("a-1");
    browser.visible("#out-customer").sendKeys("+" + customer);
    browser.click("#out-request");
    browser.waitForText("#out-permission", "a request is waiting");

    browser.in("phone");
    browser.click("#requests li .accept");
    browser.in("a-1");
    browser.waitForText("#out-permission", "callable until"); // the permission event, not a reload
    browser.click("#out-call");

    browser.in("phone");
    browser.click("#calls li .answer");
    bothConnectedAndHearEachOther("a-1", "wacallConsole");
    browser.in("a-1");
    browser.waitForText("#active-state", "Connected");
    browser.click("#hang-up");
    browser.visible("#wrap-up");
    browser.in("phone");
    browser.until("window.wacallPhone.callId() === null");
  }

  @Test
  void theConsoleFitsAPhoneWidthScreenAndSetsPresence() throws Exception {
    console("a-1");
    browser.js("const p = document.getElementById('presence'); p.value = 'away';"
        + " p.dispatchEvent(new Event('change'))");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        JSON.readTree(app.call("GET", "/api/v1/agents/a-1", null).body()).path("available").asBoolean()).isFalse());
    browser.resize(390, 844);
    browser.visible("#outbound");
    // nothing sticks out sideways (a wide table scrolls inside its own box)
    assertThat((java.util.List<?>) browser.js("const width = document.documentElement.clientWidth;"
        + " return [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null"
        + " && !e.closest('.scroll') && e.getBoundingClientRect().right > width + 1)"
        + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
        .as("elements wider than a %d px screen", 390).isEmpty();
    browser.screenshot(SCREENSHOTS.resolve("console-phone-width.png"));
  }

  /** Both peer connections reach connected, and each side's received audio keeps growing. */
  /**
   * The CRM frames the console (docs/console.md#framing-it-in-the-crm): a page of another origin,
   * listed in wacall.api.console.frame-ancestors, shows it in an iframe and hands it the agent's
   * token by message when the console says it is ready; the console signs in and goes live. A page
   * of an origin not listed gets no console: the browser refuses to show it.
   */
  @Test
  void aCrmPageOfAListedOriginFramesTheConsoleAndHandsItTheTokenByMessage_anyOtherPageCannot() throws Exception {
    HttpResponse<String> page = app.call("GET", "/console/", null);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue("frame-ancestors 'self' " + crm.allowed().origin());
    assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty();

    browser.open("crm", crm.allowed().url(url("/console/"), token("a-1")));
    browser.until("window.frameLoaded === true");
    browser.intoFrame("#wacall-console");
    browser.waitForText("#stream-state", "Live");
    browser.outOfFrame();
    assertThat(browser.js("return window.messages")).as("messages the CRM page received")
        .isEqualTo(java.util.List.of(url("").replaceAll("/$", "") + " {\"type\":\"wacall-console-ready\"}"));

    browser.open("other", crm.notAllowed().url(url("/console/"), token("a-1")));
    browser.until("window.frameLoaded === true");
    browser.intoFrame("#wacall-console");
    assertThat(browser.present("#stream-state")).as("the console's page inside a frame of an origin not listed").isFalse();
    browser.outOfFrame();
    assertThat(browser.js("return window.messages")).as("messages the other page received").isEqualTo(java.util.List.of());
  }

  private void bothConnectedAndHearEachOther(String agentWindow, String consoleObject) throws Exception {
    for (String[] side : new String[][] {{agentWindow, consoleObject}, {"phone", "wacallPhone"}}) {
      browser.in(side[0]).until("window." + side[1] + ".connectionState() === 'connected'");
    }
    for (String[] side : new String[][] {{agentWindow, consoleObject}, {"phone", "wacallPhone"}}) {
      browser.in(side[0]);
      long before = received(side[1]);
      Thread.sleep(1_500);
      long after = received(side[1]);
      assertThat(after).as(side[0] + " receives audio").isGreaterThan(before).isGreaterThan(1_000);
    }
  }

  private long received(String object) {
    return ((Number) browser.jsAsync("const done = arguments[arguments.length - 1];"
        + " window." + object + ".bytesReceived().then(done)")).longValue();
  }

  private void phone(String customer) {
    browser.open("phone", url("/sandbox/phone/" + customer));
    browser.visible("#dial");
    browser.waitForText("#requests-empty", "No request");
  }

  /** The agent's console, signed in with a token the CRM minted, handed over in the URL's fragment. */
  private void console(String agent) throws Exception {
    browser.open(agent, url("/console/#token=" + token(agent)));
    browser.waitForText("#stream-state", "Live");
    assertThat((String) browser.js("return location.hash")).isEmpty();
  }

  private static String token(String agent) throws Exception {
    return JSON.readTree(ok(app.call("POST", "/api/v1/agents/" + agent + "/tokens", "{}")).body()).path("token").asText();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return response;
  }
}
