#include "greedyLanes.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace evalbench {

namespace {

double Elapsed(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }

}  // namespace

llama_token argmax(const float* logits, int32_t n) {
  // A NaN first value (a plain scan then keeps token 0: no comparison with it is true) or nothing.
  if (n <= 0 || !(logits[0] == logits[0])) return 0;
  constexpr int32_t kWidth = 16;
  const int32_t blocked = n / kWidth * kWidth;
  // The greatest value: each of kWidth slots keeps its own maximum (no dependency from one element
  // to the next), folded at the end. A NaN never wins a comparison, as in a plain scan.
  float slots[kWidth];
  for (float& slot : slots) slot = logits[0];
  for (int32_t i = 0; i < blocked; i += kWidth)
    for (int32_t j = 0; j < kWidth; j++) slots[j] = logits[i + j] > slots[j] ? logits[i + j] : slots[j];
  float best = logits[0];
  for (float slot : slots) best = slot > best ? slot : best;
  for (int32_t i = blocked; i < n; i++) best = logits[i] > best ? logits[i] : best;
  // Its first position: the value is one of the logits, so it is found.
  for (int32_t i = 0; i < n; i++)
    if (logits[i] == best) return i;
  return 0;
}

GreedyLanes::GreedyLanes(llama_context* ctx)
    : ctx(ctx),
      vocab(llama_model_get_vocab(llama_get_model(ctx))),
      vocabSize(llama_vocab_n_tokens(vocab)),
      batchCapacity(static_cast<int32_t>(llama_n_batch(ctx))),
      batch(llama_batch_init(batchCapacity, 0, 1)) {}

GreedyLanes::~GreedyLanes() { llama_batch_free(batch); }

void GreedyLanes::Run(std::vector<Lane>& lanes, double budgetMs, Clock::time_point started, const int32_t* control,
                      const std::function<void()>& afterStep) {
  laneEnded = false;
  // Inputs: a lane's logits are wanted after its last input token only.
  size_t lane = 0;
  size_t offset = 0;
  while (lane < lanes.size()) {
    batch.n_tokens = 0;
    std::vector<size_t> completed;
    while (lane < lanes.size() && batch.n_tokens < batchCapacity) {
      Lane& l = lanes[lane];
      const size_t n = std::min(l.input.size() - offset, static_cast<size_t>(batchCapacity - batch.n_tokens));
      for (size_t i = 0; i < n; i++) {
        const bool last = offset + i + 1 == l.input.size();
        Add(l.input[offset + i], l.position + static_cast<int32_t>(offset + i), l.sequence, last);
        if (last) l.logitIndex = batch.n_tokens - 1;
      }
      offset += n;
      if (offset == l.input.size()) {
        completed.push_back(lane);
        lane++;
        offset = 0;
      }
    }
    Decode();
    for (size_t c : completed) Sample(lanes[c], started);
    if (!completed.empty()) afterStep();
  }
  // Generation, one token per active lane per decode. The budget is for generating: a long
  // prompt does not cut the call short at its first token.
  const Clock::time_point generating = Clock::now();
  while (true) {
    batch.n_tokens = 0;
    bool anyActive = false;
    for (Lane& l : lanes) {
      if (!l.active) continue;
      anyActive = true;
      const int32_t position = l.position + static_cast<int32_t>(l.input.size() + l.tokens.size()) - 1;
      Add(l.tokens.back(), position, l.sequence, true);
      l.logitIndex = batch.n_tokens - 1;
    }
    // JavaScript's flag, set on the main thread while this one reads it between steps.
    const bool yieldRequested = control != nullptr && __atomic_load_n(control, __ATOMIC_ACQUIRE) != 0;
    if (!anyActive || Elapsed(generating) >= budgetMs || yieldRequested || (laneEnded && lanes.size() > 1)) {
      batch.n_tokens = 0;
      return;
    }
    Decode();
    for (Lane& l : lanes)
      if (l.active) Sample(l, started);
    afterStep();
  }
}

void GreedyLanes::Add(llama_token token, int32_t position, int32_t sequence, bool logits) {
  const int32_t i = batch.n_tokens++;
  batch.token[i] = token;
  batch.pos[i] = position;
  batch.n_seq_id[i] = 1;
  batch.seq_id[i][0] = sequence;
  batch.logits[i] = logits;
}

void GreedyLanes::Decode() {
  const int32_t r = llama_decode(ctx, batch);
  if (r == 1) throw std::runtime_error("no room in the context for the next tokens");
  if (r != 0) throw std::runtime_error("llama_decode failed (" + std::to_string(r) + ")");
}

// Samples the lane's next token, and ends the lane where it ends.
void GreedyLanes::Sample(Lane& l, Clock::time_point started) {
  const float* logits = llama_get_logits_ith(ctx, l.logitIndex);
  if (logits == nullptr) throw std::runtime_error("llama.cpp returned no logits for a sequence's last token");
  const llama_token best = argmax(logits, vocabSize);
  l.tokens.push_back(best);
  l.elapsedMs.push_back(Elapsed(started));
  const bool stop = std::find(l.stopTokens.begin(), l.stopTokens.end(), best) != l.stopTokens.end();
  if (stop || llama_vocab_is_eog(vocab, best) || static_cast<int32_t>(l.tokens.size()) >= l.maxTokens) {
    l.active = false;
    laneEnded = true;
  }
}

}  // namespace evalbench
