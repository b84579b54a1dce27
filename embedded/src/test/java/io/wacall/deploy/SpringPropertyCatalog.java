package io.wacall.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every configuration property one wacall process reads, derived from the code, so that an
 * environment variable in docker-compose.yml can be checked against it (a misspelt name binds to
 * nothing and is silently ignored by Spring Boot). Sources:
 *
 * <ul>
 *   <li>wacall's {@code @ConfigurationProperties} records reachable from the process's main class
 *       (its {@code @Import}s, component scans and configuration-properties scans), component by
 *       component, nested records included;
 *   <li>property names read directly in wacall's code on that path ({@code env.getProperty(..)},
 *       {@code @ConditionalOnProperty}, names in {@code RequiredSettings}) and in the main class,
 *       whatever branch reads them (RequiredSettings reads wacall.api.tokens in any process, but
 *       only when the api profile is on);
 *   <li>the keys of {@code application.yml} in the documents the process's profiles activate, and
 *       the placeholders its values refer to;
 *   <li>Spring Boot's and the libraries' {@code META-INF/spring-configuration-metadata.json}
 *       (server.*, spring.datasource.*, spring.temporal.*, management.*, logging.*, ...). These
 *       are the union over the test classpath, not per process.
 * </ul>
 *
 * <p>A list of objects such as {@code spring.temporal.workers} is reported separately: an
 * environment variable for one of its elements replaces the whole list from application.yml
 * (Spring binds a list from one source only), so it is never a valid override.
 */
final class SpringPropertyCatalog {
  private static final String OWN_PACKAGE = "io.wacall";
  private static final Pattern SETTING_LITERAL =
      Pattern.compile("\"((?:wacall|spring|server|management|logging)(?:\\.[a-z0-9][a-z0-9-]*)+)\"");
  private static final Pattern YAML_PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9.\\[\\]_-]+)(?::[^}]*)?}");

  private final Set<String> properties = new TreeSet<>();
  private final Set<String> mapPrefixes = new TreeSet<>();
  private final Set<String> objectLists = new TreeSet<>();
  private final Class<?> mainClass;
  private final List<String> profiles;

  private SpringPropertyCatalog(Class<?> mainClass, List<String> profiles) {
    this.mainClass = mainClass;
    this.profiles = profiles;
  }

  /** The properties the process started by {@code mainClass} with {@code profiles} reads. */
  static SpringPropertyCatalog of(Class<?> mainClass, List<String> profiles) {
    SpringPropertyCatalog catalog = new SpringPropertyCatalog(mainClass, profiles);
    Reach reach = Reach.from(mainClass);
    reach.propertiesClasses.forEach(catalog::addConfigurationProperties);
    catalog.addLiteralReads(reach.sourceFiles());
    catalog.addApplicationYaml();
    catalog.addLibraryMetadata();
    return catalog;
  }

  List<String> profiles() {
    return profiles;
  }

  /** The property an environment variable sets, following Spring Boot's relaxed binding. */
  Optional<String> propertyFor(String envVar) {
    for (String property : properties) {
      if (envForms(property).contains(envVar)) {
        return Optional.of(property);
      }
    }
    for (String prefix : mapPrefixes) {
      for (String form : envForms(prefix)) {
        if (envVar.startsWith(form + "_") && envVar.length() > form.length() + 1) {
          return Optional.of(prefix + ".*");
        }
      }
    }
    return Optional.empty();
  }

  /** The list of objects an environment variable would address an element of, if any. */
  Optional<String> objectListFor(String envVar) {
    for (String list : objectLists) {
      for (String form : envForms(list)) {
        if (envVar.matches(Pattern.quote(form) + "_[0-9]+(_.*)?")) {
          return Optional.of(list);
        }
      }
    }
    return Optional.empty();
  }

  /** The known properties nearest to a name that matched none, for the failure message. */
  List<String> nearest(String envVar, int count) {
    String wanted = envVar.toLowerCase(Locale.ROOT).replace('_', '.');
    return Stream.concat(properties.stream(), mapPrefixes.stream().map(p -> p + ".*"))
        .sorted(Comparator.comparingInt((String p) -> distance(wanted, p.replace('-', '.'))))
        .limit(count)
        .toList();
  }

  /** {@code wacall.cloud-api.base-url}: {@code WACALL_CLOUD_API_BASE_URL} and {@code WACALL_CLOUDAPI_BASEURL}. */
  static Set<String> envForms(String property) {
    String indexed = property.replace("[", ".").replace("]", "");
    Set<String> forms = new LinkedHashSet<>();
    forms.add(indexed.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    forms.add(indexed.replace("-", "").toUpperCase(Locale.ROOT).replace('.', '_'));
    return forms;
  }

  // ---- @ConfigurationProperties

  private void addConfigurationProperties(Class<?> type) {
    MergedAnnotation<ConfigurationProperties> annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class);
    String prefix = annotation.getString("prefix");
    addComponents(prefix, type, 0);
  }

  private void addComponents(String prefix, Class<?> type, int depth) {
    if (depth > 5) {
      throw new IllegalStateException("configuration properties nested too deep at " + prefix);
    }
    for (Member member : members(type)) {
      String name = prefix + "." + kebab(member.name());
      Class<?> raw = rawClass(member.type());
      if (Map.class.isAssignableFrom(raw)) {
        mapPrefixes.add(name);
      } else if (raw.getName().startsWith(OWN_PACKAGE + ".") && !raw.isEnum()) {
        addComponents(name, raw, depth + 1);
      } else {
        properties.add(name);
      }
    }
  }

  private record Member(String name, Type type) {}

  private static List<Member> members(Class<?> type) {
    List<Member> members = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        members.add(new Member(component.getName(), component.getGenericType()));
      }
      return members;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
          members.add(new Member(field.getName(), field.getGenericType()));
        }
      }
    }
    return members;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  // ---- names read in code

  private void addLiteralReads(Collection<Path> sources) {
    for (Path source : sources) {
      Matcher m = SETTING_LITERAL.matcher(DeployFiles.read(source));
      while (m.find()) {
        properties.add(m.group(1));
      }
    }
  }

  // ---- application.yml

  private void addApplicationYaml() {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    String text = DeployFiles.read(ApplicationYaml.PATH);
    for (Object document : yaml.loadAll(text)) {
      if (document instanceof Map<?, ?> map && ApplicationYaml.activeIn(map, profiles)) {
        flatten("", map);
      }
    }
    Matcher m = YAML_PLACEHOLDER.matcher(text);
    while (m.find()) {
      properties.add(m.group(1));
    }
  }

  private void flatten(String prefix, Object node) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v));
    } else if (node instanceof List<?> list) {
      if (list.stream().anyMatch(item -> item instanceof Map)) {
        objectLists.add(prefix);
      } else {
        properties.add(prefix);
      }
    } else {
      properties.add(prefix);
    }
  }

  // ---- libraries' metadata

  private void addLibraryMetadata() {
    ObjectMapper json = new ObjectMapper();
    try {
      Enumeration<URL> files = SpringPropertyCatalog.class.getClassLoader()
          .getResources("META-INF/spring-configuration-metadata.json");
      for (URL url : Collections.list(files)) {
        try (InputStream in = url.openStream()) {
          for (JsonNode property : json.readTree(in).path("properties")) {
            String name = property.path("name").asText();
            String type = property.path("type").asText("");
            if (type.startsWith("java.util.Map<")) {
              mapPrefixes.add(name);
            } else if (type.matches("java\\.util\\.(List|Collection|Set)<(?!java\\.)[^>]+>")) {
              objectLists.add(name);
            } else {
              properties.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a list bound from a library's nested type is never a plain property
    properties.removeIf(p -> objectLists.stream().anyMatch(list -> p.startsWith(list + "[")));
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @Override
  public String toString() {
    return mainClass.getSimpleName() + profiles;
  }

  /** What a main class pulls into its application context, by annotations. */
  private static final class Reach {
    final Set<Class<?>> configurations = new LinkedHashSet<>();
    final Set<Class<?>> propertiesClasses = new LinkedHashSet<>();
    final Set<String> packages = new TreeSet<>();
    final Class<?> mainClass;

    private Reach(Class<?> mainClass) {
      this.mainClass = mainClass;
    }

    static Reach from(Class<?> mainClass) {
      Reach reach = new Reach(mainClass);
      Deque<Class<?>> todo = new ArrayDeque<>(List.of(mainClass));
      Set<String> scanned = new TreeSet<>();
      while (!todo.isEmpty()) {
        while (!todo.isEmpty()) {
          reach.visit(todo.pop(), todo);
        }
        for (String pkg : new TreeSet<>(reach.packages)) {
          if (scanned.add(pkg)) {
            scan(pkg).forEach(todo::add);
          }
        }
      }
      return reach;
    }

    private void visit(Class<?> type, Deque<Class<?>> todo) {
      if (!configurations.add(type)) {
        return;
      }
      MergedAnnotations annotations = MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
      if (annotations.isPresent(ConfigurationProperties.class)) {
        propertiesClasses.add(type);
      }
      annotations.stream(Import.class).forEach(a -> todo.addAll(List.of(a.getClassArray("value"))));
      annotations.stream(EnableConfigurationProperties.class).forEach(a -> {
        for (Class<?> c : a.getClassArray("value")) {
          propertiesClasses.add(c);
          todo.add(c);
        }
      });
      annotations.stream(ComponentScan.class).forEach(a -> packages.addAll(scanPackages(type, a)));
      annotations.stream(ConfigurationPropertiesScan.class).forEach(a -> packages.addAll(scanPackages(type, a)));
    }

    private static List<String> scanPackages(Class<?> declaring, MergedAnnotation<?> scan) {
      List<String> result = new ArrayList<>(List.of(scan.getStringArray("basePackages")));
      for (Class<?> c : scan.getClassArray("basePackageClasses")) {
        result.add(c.getPackageName());
      }
      if (result.isEmpty()) {
        result.add(declaring.getPackageName());
      }
      return result;
    }

    private static List<Class<?>> scan(String pkg) {
      ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
      scanner.addIncludeFilter(new AnnotationTypeFilter(Configuration.class));
      scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
      List<Class<?>> found = new ArrayList<>();
      for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
        try {
          found.add(Class.forName(candidate.getBeanClassName()));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
      return found;
    }

    /** wacall's sources on the path: the scanned packages (sub-packages included) and the main class. */
    Set<Path> sourceFiles() {
      Set<Path> files = new TreeSet<>();
      for (Path sources : mainSourceRoots()) {
        for (String pkg : packages) {
          Path dir = sources.resolve(pkg.replace('.', '/'));
          if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
              walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        }
        for (Class<?> c : configurations) {
          Path file = sources.resolve(c.getName().replace('.', '/').replaceAll("\\$.*", "") + ".java");
          if (Files.isRegularFile(file)) {
            files.add(file);
          }
        }
      }
      if (files.stream().noneMatch(f -> f.endsWith(mainClass.getSimpleName() + ".java"))) {
        throw new IllegalStateException("no source file for " + mainClass.getName());
      }
      return files;
    }
  }

  /** The {@code src/main/java} folder of every module. */
  static List<Path> mainSourceRoots() {
    try (Stream<Path> modules = Files.list(DeployFiles.ROOT)) {
      return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reading wacall's one {@code application.yml}: which documents a set of profiles activates. */
  static final class ApplicationYaml {
    static final String PATH = "backend/src/main/resources/application.yml";

    private ApplicationYaml() {}

    static boolean activeIn(Map<?, ?> document, List<String> profiles) {
      Object expression = at(document, "spring", "config", "activate", "on-profile");
      return expression == null || Profiles.of(String.valueOf(expression)).matches(profiles::contains);
    }

    /** The value a key has for these profiles (the last active document that sets it wins). */
    static Optional<Object> value(List<String> profiles, String... path) {
      Object value = null;
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      for (Object document : yaml.loadAll(DeployFiles.read(PATH))) {
        if (document instanceof Map<?, ?> map && activeIn(map, profiles)) {
          Object v = at(map, path);
          value = v == null ? value : v;
        }
      }
      return Optional.ofNullable(value);
    }

    private static Object at(Map<?, ?> map, String... path) {
      Object node = map;
      for (String key : path) {
        if (!(node instanceof Map<?, ?> m)) {
          return null;
        }
        node = m.get(key);
      }
      return node;
    }
  }
}
