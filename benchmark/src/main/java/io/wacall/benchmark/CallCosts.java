package io.wacall.benchmark;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.wacall.workflows.budget.ActionCounter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Item 4 of the benchmark: what a call costs in Temporal, read from the real histories of calls
 * driven through the real edges, counted by {@link ActionCounter} (the action-budget tests'
 * rules): billable actions and history events per call type and per permission cycle, and the
 * dollars per 1,000 calls at Temporal Cloud's list price.
 */
final class CallCosts {
  /** Temporal Cloud's list price, $50 per million actions (the figure). */
  static final BigDecimal DOLLARS_PER_MILLION_ACTIONS = new BigDecimal("50");
  static final String NUMBER = "106540352200001";
  static final String MISSED_NUMBER = "106540352200002";

  record Row(String what, String workflowId, int actions, int events) {
    BigDecimal dollarsPer1000() {
      return DOLLARS_PER_MILLION_ACTIONS.multiply(BigDecimal.valueOf(actions))
          .multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(1_000_000), 4, RoundingMode.HALF_UP);
    }
  }

  private final CallDriver calls;
  private final WorkflowClient temporal;

  CallCosts(Stack stack, WorkflowClient temporal) {
    this.calls = new CallDriver(stack);
    this.temporal = temporal;
  }

  List<Row> measure() throws Exception {
    calls.businessNumber(NUMBER, List.of("cost-a1", "cost-a2", "cost-a3"));
    calls.businessNumber(MISSED_NUMBER, List.of("cost-m1", "cost-m2", "cost-m3"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<String> answered = pool.submit(this::answeredInbound);
      Future<String> missed = pool.submit((Callable<String>) () -> {
        String id = calls.customerCalls(CallDriver.customerNumber(1, 1), MISSED_NUMBER, 1);
        calls.awaitEnded(id, Duration.ofSeconds(60));
        return id;
      });
      String outboundCustomer = CallDriver.customerNumber(1, 2);
      String rejectedCustomer = CallDriver.customerNumber(1, 3);
      Future<String> outbound = pool.submit(() -> outbound(outboundCustomer, "ANSWER"));
      Future<String> rejected = pool.submit(() -> outbound(rejectedCustomer, "REJECT"));
      List<Row> rows = new ArrayList<>();
      rows.add(row("inbound, answered on the first ring", answered.get()));
      rows.add(row("inbound, missed through 3 members", missed.get()));
      rows.add(row("outbound, answered", outbound.get()));
      rows.add(row("outbound, rejected", rejected.get()));
      rows.add(row("permission cycle (request, grant, 1 call)", "permission:" + NUMBER + ":" + outboundCustomer));
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  private String answeredInbound() throws Exception {
    String id = calls.customerCalls(CallDriver.customerNumber(1, 4), NUMBER, 1);
    calls.awaitRinging("cost-a1", id, Duration.ofSeconds(20));
    calls.answer("cost-a1", id);
    calls.awaitEnded(id, Duration.ofSeconds(30));
    calls.disposition("cost-a1", id);
    return id;
  }

  private String outbound(String customer, String behaviour) throws Exception {
    calls.customer(customer, behaviour);
    calls.grantedPermission(NUMBER, customer);
    String id = calls.businessCalls("bench-" + customer, NUMBER, customer, "cost-a1");
    calls.awaitEnded(id, Duration.ofSeconds(60));
    return id;
  }

  private Row row(String what, String workflowId) {
    WorkflowExecutionHistory history = temporal.fetchHistory(workflowId);
    ActionCounter.Breakdown breakdown = ActionCounter.count(history);
    return new Row(what, workflowId, breakdown.total(), breakdown.events());
  }
}
