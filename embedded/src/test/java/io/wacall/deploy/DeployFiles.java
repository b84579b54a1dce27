package io.wacall.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The distributed deployment's files, read the way Docker Compose reads them: {@code
 * docker-compose.yml} (YAML with anchors and merge keys), {@code .env.example} ({@code NAME=value}
 * lines), and the Dockerfiles the compose file builds. No Docker engine is needed (or available).
 */
final class DeployFiles {
  /**
   * Secrets that are empty but for a while: the previous app secret is set only during a rotation.
   * Each still comes from .env, with an empty default ({@code ${NAME:-}}), never a literal.
   */
  static final java.util.Set<String> OPTIONAL_SECRETS = java.util.Set.of("WACALL_WEBHOOK_PREVIOUS_APP_SECRET");

  static final Path ROOT = findRoot();
  static final String COMPOSE_FILE = "docker-compose.yml";
  static final String ENV_EXAMPLE = ".env.example";

  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?error}} and friends, or {@code $NAME}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");

  private static final Pattern COMMENTED_ASSIGNMENT =
      Pattern.compile("^#\\s+([A-Z][A-Z0-9_]*)=(\\S*)\\s*$", Pattern.MULTILINE);

  private DeployFiles() {}

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve(COMPOSE_FILE)) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no " + COMPOSE_FILE + " in " + Path.of("").toAbsolutePath() + " or above");
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String relative) {
    return read(ROOT.resolve(relative));
  }

  /** The compose file as plain maps and lists, anchors and merge keys resolved. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(read(COMPOSE_FILE));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> services(Map<String, Object> compose) {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(Map<String, Object> compose, String name) {
    Object service = services(compose).get(name);
    if (service == null) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return (Map<String, Object>) service;
  }

  /** A service's environment as written (list or map form), values not interpolated. */
  @SuppressWarnings("unchecked")
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object raw = service.get("environment");
    if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (raw instanceof List<?> list) {
      for (Object entry : list) {
        String s = String.valueOf(entry);
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
    }
    return env;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> buildArgs(Map<String, Object> service) {
    Map<String, String> args = new LinkedHashMap<>();
    if (service.get("build") instanceof Map<?, ?> build && build.get("args") instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> args.put(String.valueOf(k), String.valueOf(v)));
    }
    return args;
  }

  /** The Dockerfile a service is built from, if it is built. */
  static Optional<Path> dockerfile(Map<String, Object> service) {
    Object build = service.get("build");
    if (build == null) {
      return Optional.empty();
    }
    if (build instanceof String context) {
      return Optional.of(ROOT.resolve(context).resolve("Dockerfile").normalize());
    }
    Map<?, ?> map = (Map<?, ?>) build;
    Object context = map.get("context");
    Object dockerfile = map.get("dockerfile");
    Path dir = ROOT.resolve(context == null ? "." : String.valueOf(context)).normalize();
    return Optional.of(dir.resolve(dockerfile == null ? "Dockerfile" : String.valueOf(dockerfile)).normalize());
  }

  /** Every string (keys and values) in a YAML tree, depth first. */
  static void strings(Object node, Consumer<String> sink) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        strings(k, sink);
        strings(v, sink);
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> strings(item, sink));
    } else if (node != null) {
      sink.accept(String.valueOf(node));
    }
  }

  /** The variables a compose string refers to ({@code $$} is a literal dollar sign). */
  static List<String> variables(String value) {
    List<String> names = new ArrayList<>();
    String unescaped = value.replace("$$", "");
    Matcher m = VARIABLE.matcher(unescaped);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(4));
    }
    return names;
  }

  /**
   * Interpolates a compose string the way Compose does, with {@code values} as the {@code .env}
   * file. A required variable ({@code :?}) that is unset or empty fails with Compose's message.
   */
  static String interpolate(String value, Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    String[] parts = value.split("\\$\\$", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('$');
      }
      Matcher m = VARIABLE.matcher(parts[i]);
      int last = 0;
      while (m.find()) {
        out.append(parts[i], last, m.start());
        String name = m.group(1) != null ? m.group(1) : m.group(4);
        String op = m.group(2);
        String arg = m.group(3) == null ? "" : m.group(3);
        String current = values.get(name);
        boolean set = current != null;
        boolean nonEmpty = set && !current.isEmpty();
        String replacement;
        if (op == null) {
          replacement = set ? current : "";
        } else {
          boolean present = op.startsWith(":") ? nonEmpty : set;
          switch (op.charAt(op.length() - 1)) {
            case '-' -> replacement = present ? current : interpolate(arg, values);
            case '?' -> {
              if (!present) {
                throw new IllegalArgumentException("required variable " + name + " is missing a value: " + arg);
              }
              replacement = current;
            }
            default -> replacement = present ? interpolate(arg, values) : "";
          }
        }
        out.append(replacement);
        last = m.end();
      }
      out.append(parts[i].substring(last));
    }
    return out.toString();
  }

  /** One {@code NAME=value} line of an env file, with the comment line just above it, if any. */
  record EnvLine(String name, String value, int lineNumber, String commentAbove) {}

  /** The assignments of {@code .env.example}, in file order. */
  static Map<String, EnvLine> envExample() {
    Map<String, EnvLine> lines = new LinkedHashMap<>();
    List<String> text = read(ENV_EXAMPLE).lines().toList();
    String previous = null;
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new AssertionError(ENV_EXAMPLE + " line " + (i + 1) + " is not NAME=value: " + line);
        }
        String name = line.substring(0, eq).strip();
        String commentAbove = previous != null && previous.startsWith("#") ? previous : null;
        EnvLine old = lines.put(name, new EnvLine(name, unquote(line.substring(eq + 1).strip()), i + 1, commentAbove));
        if (old != null) {
          throw new AssertionError(ENV_EXAMPLE + " declares " + name + " twice (lines " + old.lineNumber() + " and " + (i + 1) + ")");
        }
      }
      previous = line.isEmpty() ? null : line;
    }
    return lines;
  }

  /**
   * The alternatives {@code .env.example} documents in comments, {@code #   NAME=value} lines (one
   * assignment alone on a comment line): what an operator uncomments.
   */
  static Map<String, String> envExampleCommentedAlternatives() {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m = COMMENTED_ASSIGNMENT.matcher(read(ENV_EXAMPLE));
    while (m.find()) {
      if (values.put(m.group(1), m.group(2)) != null) {
        throw new AssertionError(ENV_EXAMPLE + " documents two alternatives for " + m.group(1));
      }
    }
    return values;
  }

  static Map<String, String> envExampleValues() {
    Map<String, String> values = new LinkedHashMap<>();
    envExample().forEach((name, line) -> values.put(name, line.value()));
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
