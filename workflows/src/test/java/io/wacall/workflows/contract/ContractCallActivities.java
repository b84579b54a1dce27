package io.wacall.workflows.contract;

import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.AnswerCall;
import io.wacall.workflows.call.AnswerOutcome;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.PlaceCall;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The call workflows' outside world for the contract tests: one ring group, a connect that
 * answers with a given wacid, checks that can be told to refuse. Records the Cloud API calls.
 * (The call package's own fake is package-private; this one needs only the public interface.)
 */
class ContractCallActivities implements CallDirectoryActivities, CallCloudApiActivities, CallRecordActivities {
  final List<String> cloudCalls = new CopyOnWriteArrayList<>();
  final List<ChargeRequest> charges = new CopyOnWriteArrayList<>();
  volatile List<String> ringGroup = List.of();
  volatile List<String> dispositionTags = List.of();
  volatile String connectWacid = "wacid.unset";
  volatile OutboundCheck check = allowed();

  static OutboundCheck allowed() {
    return new OutboundCheck(true, true, "BR", "Brazil", null, true, "TEMPORARY");
  }

  static OutboundCheck noPermission() {
    return new OutboundCheck(true, true, "BR", "Brazil", null, false, "NONE");
  }

  @Override
  public Routing loadRouting(String phoneNumberId) {
    List<RingMember> members = ringGroup.stream()
        .map(agentId -> new RingMember(agentId, "Agent " + agentId, AgentChannel.WEB_APP, true))
        .toList();
    return new Routing("+551140040000", "BR", true, members, Duration.ofSeconds(20), Duration.ofMinutes(5), true,
        dispositionTags, Duration.ofSeconds(45));
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    return check;
  }

  @Override
  public AnswerOutcome answer(AnswerCall command) {
    cloudCalls.add("pre_accept " + command.wacid());
    cloudCalls.add("accept " + command.wacid());
    return AnswerOutcome.connected();
  }

  @Override
  public String place(PlaceCall command) {
    cloudCalls.add("connect " + command.bizOpaque());
    return connectWacid;
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    cloudCalls.add("reject " + wacid);
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    cloudCalls.add("terminate " + wacid);
  }

  @Override
  public void ring(RingAgent command) {}

  @Override
  public void save(CallView call) {}

  @Override
  public void close(CloseCall command) {
    if (command.charge() != null) {
      charges.add(command.charge());
    }
  }
}
