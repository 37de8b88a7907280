// Greedy generation on a llama_context for one or several sequences at once, one batch per step:
// the part of the decode loop that knows llama.cpp and nothing of JavaScript.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "llama.h"

namespace evalbench {

using Clock = std::chrono::steady_clock;

// One sequence's part of a call: what to decode first, and where its generation stops.
struct Lane {
  int32_t sequence = 0;
  int32_t position = 0;  // of input[0]
  std::vector<llama_token> input;
  int32_t maxTokens = 0;
  std::vector<llama_token> stopTokens;
  // Results: the sampled tokens, and when each was sampled (ms after the call began).
  std::vector<llama_token> tokens;
  std::vector<double> elapsedMs;
  // Working state: where this lane's logits are in the last decode, and whether it goes on.
  int32_t logitIndex = -1;
  bool active = true;
};

// The most likely token: the first of equals, as llama.cpp's greedy sampler picks. In blocks with
// independent maxima, which the compiler vectorizes: a plain scan was about 1 % of a token here.
llama_token argmax(const float* logits, int32_t n);

class GreedyLanes {
 public:
  explicit GreedyLanes(llama_context* ctx);
  ~GreedyLanes();
  GreedyLanes(const GreedyLanes&) = delete;
  GreedyLanes& operator=(const GreedyLanes&) = delete;

  // Decodes every lane's input (prompts and the tokens sampled last time, together, in batches of
  // the context's batch size), then samples greedily and decodes one token per active lane per
  // step, all lanes in one batch, until each lane ends (an end-of-generation or stop token, or
  // `maxTokens`) or `budgetMs` of generating has passed, or `control` (when given) is set, or,
  // with several lanes, one of them has ended (so that its sequence can take the next case at
  // once). A lane's last sampled token is not decoded yet: the next call's input starts with it.
  // `afterStep` runs after every sampling step. Throws std::runtime_error when llama.cpp fails.
  void Run(std::vector<Lane>& lanes, double budgetMs, Clock::time_point started, const int32_t* control,
           const std::function<void()>& afterStep);

  int32_t VocabSize() const { return vocabSize; }

 private:
  llama_context* ctx;
  const llama_vocab* vocab;
  int32_t vocabSize;
  int32_t batchCapacity;
  llama_batch batch;
  bool laneEnded = false;

  void Add(llama_token token, int32_t position, int32_t sequence, bool logits);
  void Decode();
  void Sample(Lane& l, Clock::time_point started);
};

}  // namespace evalbench
