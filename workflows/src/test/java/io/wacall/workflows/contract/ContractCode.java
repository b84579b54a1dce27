package io.wacall.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.wacall.contract.WorkflowIds;
import io.wacall.workflows.contract.ContractDocument.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The contract as the code defines it, read by reflection: every workflow interface and activity
 * interface compiled into the workflows module, their Temporal names, and the enums reachable from
 * their payloads.
 */
final class ContractCode {
  /** One workflow method or handler, by its Temporal name. */
  record Handler(String workflowType, Kind kind, String name, Method method) {
    String key() {
      return workflowType + " " + kind.marker() + " " + name;
    }
  }

  private ContractCode() {}

  /** Every {@code @WorkflowInterface} of the module, found on the classpath directory it was compiled to. */
  static List<Class<?>> workflowInterfaces() {
    return classes().filter(c -> c.isInterface() && c.isAnnotationPresent(WorkflowInterface.class)).toList();
  }

  static List<Class<?>> activityInterfaces() {
    return classes().filter(c -> c.isInterface() && c.isAnnotationPresent(ActivityInterface.class)).toList();
  }

  /** The workflow methods and handlers of every workflow interface, inherited ones included. */
  static List<Handler> handlers() {
    List<Handler> all = new ArrayList<>();
    for (Class<?> type : workflowInterfaces()) {
      Method run = Stream.of(type.getMethods()).filter(m -> m.isAnnotationPresent(WorkflowMethod.class))
          .findFirst().orElseThrow(() -> new AssertionError(type + " has no @WorkflowMethod"));
      String name = run.getAnnotation(WorkflowMethod.class).name();
      String workflowType = name.isEmpty() ? type.getSimpleName() : name;
      all.add(new Handler(workflowType, Kind.WORKFLOW, workflowType, run));
      for (Method m : type.getMethods()) {
        if (m.isAnnotationPresent(UpdateMethod.class)) {
          all.add(new Handler(workflowType, Kind.UPDATE, orDefault(m.getAnnotation(UpdateMethod.class).name(), m), m));
        } else if (m.isAnnotationPresent(SignalMethod.class)) {
          all.add(new Handler(workflowType, Kind.SIGNAL, orDefault(m.getAnnotation(SignalMethod.class).name(), m), m));
        } else if (m.isAnnotationPresent(QueryMethod.class)) {
          all.add(new Handler(workflowType, Kind.QUERY, orDefault(m.getAnnotation(QueryMethod.class).name(), m), m));
        }
      }
    }
    return all;
  }

  /** Activity type names: {@code @ActivityMethod(name)}, else the SDK's default, the method name capitalised. */
  static Set<String> activityTypes() {
    Set<String> names = new LinkedHashSet<>();
    for (Class<?> type : activityInterfaces()) {
      String prefix = type.getAnnotation(ActivityInterface.class).namePrefix();
      for (Method m : type.getMethods()) {
        ActivityMethod annotation = m.getAnnotation(ActivityMethod.class);
        String name = annotation != null && !annotation.name().isEmpty() ? annotation.name()
            : prefix + Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
        names.add(name);
      }
    }
    return names;
  }

  /** The public String constants of a constants class (FailureTypes, BillingFailureTypes). */
  static Set<String> stringConstants(Class<?> holder) {
    Set<String> values = new LinkedHashSet<>();
    for (Field f : holder.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
        try {
          values.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }

  /** Every enum a payload of these types may carry, through records, fields, lists and arrays. */
  static Set<Class<?>> enumsReachableFrom(Collection<? extends Type> roots) {
    Set<Class<?>> enums = new LinkedHashSet<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    roots.forEach(root -> walk(root, seen, enums));
    return enums;
  }

  private static void walk(Type type, Set<Class<?>> seen, Set<Class<?>> enums) {
    if (type instanceof ParameterizedType p) {
      walk(p.getRawType(), seen, enums);
      for (Type argument : p.getActualTypeArguments()) {
        walk(argument, seen, enums);
      }
    } else if (type instanceof GenericArrayType a) {
      walk(a.getGenericComponentType(), seen, enums);
    } else if (type instanceof Class<?> c) {
      if (c.isArray()) {
        walk(c.getComponentType(), seen, enums);
      } else if (c.isEnum()) {
        enums.add(c);
      } else if (c.getName().startsWith("io.wacall.") && seen.add(c)) {
        if (c.isRecord()) {
          for (RecordComponent component : c.getRecordComponents()) {
            walk(component.getGenericType(), seen, enums);
          }
        } else {
          for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
              walk(f.getGenericType(), seen, enums);
            }
          }
        }
      }
    }
  }

  /** A class by its binary name or its canonical one ({@code Outer.Inner}); null when there is none. */
  static Class<?> load(String name) {
    String candidate = name;
    while (true) {
      try {
        return Class.forName(candidate, false, ContractCode.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 0) {
          return null;
        }
        candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
      }
    }
  }

  private static String orDefault(String name, Method m) {
    return name.isEmpty() ? m.getName() : name;
  }

  /** Every class of the contract (a jar in a reactor build, a directory in an IDE) and of the workflows module. */
  private static Stream<Class<?>> classes() {
    List<String> names = new ArrayList<>();
    for (Class<?> anchor : List.of(WorkflowIds.class, io.wacall.workflows.permission.PermissionRules.class)) {
      Path root;
      try {
        root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      names.addAll(Files.isDirectory(root) ? classNamesIn(root) : classNamesInJar(root));
    }
    return names.stream().distinct().sorted().map(ContractCode::load).filter(c -> c != null);
  }

  private static List<String> classNamesIn(Path root) {
    try (Stream<Path> files = Files.walk(root.resolve("io/wacall"))) {
      return files.map(root::relativize).map(Path::toString).filter(p -> p.endsWith(".class"))
          .map(ContractCode::className).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> classNamesInJar(Path jar) {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      return file.stream().map(java.util.jar.JarEntry::getName)
          .filter(n -> n.startsWith("io/wacall/") && n.endsWith(".class")).map(ContractCode::className).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
  }
}
