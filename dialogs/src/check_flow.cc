// Flow-shape checks of `levier check`: loops that never wait for an answer
// and nodes from which no end can be reached.
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "check_internal.h"

namespace levier::dialogs::check_internal {

using Severity = CheckFinding::Severity;

// The nodes `node` can go to next, in no particular order ("" skipped).
std::vector<std::string> Successors(const Node& node) {
  std::vector<std::string> out = {node.next, node.barriers_next, node.fallback, node.on_barrier,
                                  node.on_timeout};
  for (const Choice& c : node.choices) out.push_back(c.next);
  for (const auto& [b, target] : node.followups) out.push_back(target);
  std::erase(out, std::string());
  return out;
}

// A cycle of nodes that never wait for an answer would spin until the
// engine's hop limit; a node from which no end node can be reached leaves
// residents only STOP and MENU.
void CheckLoopsAndDeadEnds(const Script& script, std::set<std::string>* flagged,
                           std::vector<CheckFinding>* findings) {
  std::set<std::string> on_path;
  std::set<std::string> done;
  std::set<std::string> reported;  // one finding per loop entry
  std::function<void(const Node&)> visit = [&](const Node& node) {
    on_path.insert(node.id);
    for (const std::string& next_id : Successors(node)) {
      const Node* next = script.FindNode(next_id);
      if (next == nullptr || next->kind == NodeKind::kChoice) continue;
      if (on_path.count(next_id) > 0) {
        flagged->insert(next_id);
        flagged->insert(node.id);
        if (reported.insert(next_id).second) {
          findings->push_back(CheckFinding{
              Severity::kError, script.flow_file(), next_id, "",
              "loop with no question: from '" + next_id + "' the flow comes back to it "
                  "through '" + node.id + "' without waiting for an answer"});
        }
      } else if (done.count(next_id) == 0) {
        visit(*next);
      }
    }
    on_path.erase(node.id);
    done.insert(node.id);
  };
  for (const Node& node : script.nodes()) {
    if (node.kind != NodeKind::kChoice && done.count(node.id) == 0) visit(node);
  }

  // Nodes that can reach an end node, by walking transitions backwards.
  std::map<std::string, std::vector<std::string>> predecessors;
  std::deque<std::string> queue;
  for (const Node& node : script.nodes()) {
    for (const std::string& next : Successors(node)) predecessors[next].push_back(node.id);
    if (node.kind == NodeKind::kEnd) queue.push_back(node.id);
  }
  std::set<std::string> can_end(queue.begin(), queue.end());
  while (!queue.empty()) {
    std::string id = std::move(queue.front());
    queue.pop_front();
    for (const std::string& previous : predecessors[id]) {
      if (can_end.insert(previous).second) queue.push_back(previous);
    }
  }
  for (const Node& node : script.nodes()) {
    // A node already in error for its transitions is not reported twice.
    if (can_end.count(node.id) == 0 && flagged->count(node.id) == 0) {
      findings->push_back(CheckFinding{
          Severity::kWarning, script.flow_file(), node.id, "",
          "no way out: no path leads from here to an end node (only STOP or MENU get "
              "the resident out)"});
    }
  }
}

}  // namespace levier::dialogs::check_internal
