package io.wacall.embedded;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium, driven through its own chromedriver (given explicitly, so Selenium
 * Manager never downloads a browser or a driver), with a fake microphone that plays a tone and no
 * permission prompt. One browser, one window per party (an agent's console, a customer's phone):
 * windows, unlike background tabs, keep their timers and media running at full speed.
 */
final class Browser implements AutoCloseable {
  static final String REQUIRED = "WACALL_BROWSER_TESTS";
  static final Path CHROMIUM = Path.of(env("WACALL_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(env("WACALL_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Map<String, String> windows = new LinkedHashMap<>();

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Skips the calling test when chromium or chromedriver is missing, saying how to get them; fails
   * it instead when {@code WACALL_BROWSER_TESTS=required} (CI), so a skipped run cannot pass there.
   */
  static void assumeAvailable() {
    if (available()) {
      return;
    }
    String how = "the console's browser tests need chromium at " + CHROMIUM + " and chromedriver at " + CHROMEDRIVER
        + " (Debian: apt-get install chromium chromium-driver; elsewhere set WACALL_CHROMIUM and WACALL_CHROMEDRIVER)";
    if ("required".equalsIgnoreCase(System.getenv(REQUIRED))) {
      fail(how + "; " + REQUIRED + "=required, so a missing browser fails the build");
    }
    Assumptions.abort(how + "; skipped");
  }

  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  static Browser start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
        "--window-size=1280,800");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  /** Opens {@code url} in a window of its own, named {@code name}, and makes it the current one. */
  Browser open(String name, String url) {
    if (!windows.isEmpty()) {
      driver.switchTo().newWindow(WindowType.WINDOW);
    }
    driver.get(url);
    windows.put(name, driver.getWindowHandle());
    return this;
  }

  /** Makes the window {@code name} the current one. */
  Browser in(String name) {
    driver.switchTo().window(windows.get(name));
    return this;
  }

  /** Makes the frame {@code css} of the current window the current one, once it is there. */
  Browser intoFrame(String css) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector(css)));
    return this;
  }

  /** Back from a frame to its window. */
  Browser outOfFrame() {
    driver.switchTo().defaultContent();
    return this;
  }

  WebElement visible(String css) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void click(String css) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  void waitForText(String css, String text) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  void waitUntilHidden(String css) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
  }

  boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** A script whose promise result (resolved through the callback, the script's last argument) is returned. */
  Object jsAsync(String script) {
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver.executeAsyncScript(script);
  }

  /** Waits until {@code script} (a boolean expression) holds in the current window. */
  void until(String script) {
    new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(driver.executeScript("return " + script)));
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** A PNG of every window into {@code dir}, named {@code prefix}-{window}.png. */
  void screenshots(Path dir, String prefix) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> window : windows.entrySet()) {
        driver.switchTo().window(window.getValue());
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(prefix + "-" + window.getKey() + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("screenshots not taken: " + e);
    }
  }

  /** A PNG of the current window at {@code file}. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
