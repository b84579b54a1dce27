package io.wacall.workflows.common;

import io.wacall.contract.WacallSearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;

/** Registers wacall's search attributes on a test server, as the deployment does on a real one. */
public final class TestSearchAttributes {
  private TestSearchAttributes() {}

  public static TestWorkflowExtension.Builder registered(TestWorkflowExtension.Builder builder) {
    WacallSearchAttributes.ALL.forEach(builder::registerSearchAttribute);
    return builder;
  }

  public static TestWorkflowEnvironment registered(TestWorkflowEnvironment env) {
    WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    return env;
  }
}
