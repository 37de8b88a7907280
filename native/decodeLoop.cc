// Greedy generation inside llama.cpp, many tokens per call, for one or several sequences at once,
// on the llama_context that node-llama-cpp created. A generated token costs its share of one
// llama_decode and an argmax, where node-llama-cpp 3.22 makes two async native calls per token
// (decode, then sample) and lets sequences wait for each other at every case start.
#include <napi.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "ggml-backend.h"
#include "ggml-cpu.h"
#include "llama.h"

namespace {

using Clock = std::chrono::steady_clock;

// node-llama-cpp's context object wraps a C++ object whose first members are the model object's
// own pointer, the llama_context_params it was made with and then the llama_context*. The model
// pointer is found by value (so the wrapper base class's size does not matter) and the context
// pointer read right after the params; the caller's figures then check what was found.
llama_context* findContext(Napi::Env env, Napi::Object contextObject, Napi::Object modelObject) {
  void* contextWrap = nullptr;
  void* modelWrap = nullptr;
  if (napi_unwrap(env, contextObject, &contextWrap) != napi_ok || contextWrap == nullptr) return nullptr;
  if (napi_unwrap(env, modelObject, &modelWrap) != napi_ok || modelWrap == nullptr) return nullptr;
  auto* words = static_cast<void**>(contextWrap);
  for (size_t i = 1; i < 16; i++) {
    if (words[i] != modelWrap) continue;
    size_t offset = (i + 1) * sizeof(void*) + sizeof(llama_context_params);
    offset = (offset + alignof(llama_context*) - 1) / alignof(llama_context*) * alignof(llama_context*);
    return *reinterpret_cast<llama_context**>(static_cast<char*>(contextWrap) + offset);
  }
  return nullptr;
}

// One sequence's part of a call: what to decode first, and where its generation stops.
struct Lane {
  int32_t sequence = 0;
  int32_t position = 0;  // of input[0]
  std::vector<llama_token> input;
  int32_t maxTokens = 0;
  std::vector<llama_token> stopTokens;
  // Results.
  std::vector<llama_token> tokens;
  std::vector<double> elapsedMs;
  // Working state: where this lane's logits are in the last decode, and whether it goes on.
  int32_t logitIndex = -1;
  bool active = true;
};

class DecodeLoop;

class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, DecodeLoop* loop, std::vector<Lane> lanes, double budgetMs)
      : Napi::AsyncWorker(env, "EvalbenchDecodeLoop"),
        loop(loop),
        lanes(std::move(lanes)),
        budgetMs(budgetMs),
        started(Clock::now()),
        deferred(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() { return deferred.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  DecodeLoop* loop;
  std::vector<Lane> lanes;
  double budgetMs;
  Clock::time_point started;
  Napi::Promise::Deferred deferred;
};

class DecodeLoop : public Napi::ObjectWrap<DecodeLoop> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DecodeLoop",
                       {InstanceMethod("run", &DecodeLoop::Run), InstanceMethod("clear", &DecodeLoop::Clear),
                        InstanceMethod("counters", &DecodeLoop::Counters), InstanceMethod("dispose", &DecodeLoop::Dispose)});
  }

  // DecodeLoop(context, model, { cells, sequences, batchSize, threadpool?, control? }):
  // node-llama-cpp's native context and model objects, what node-llama-cpp says the context is
  // (checked against llama.cpp), optionally { threads, poll } for a thread pool of the context's
  // own, optionally an Int32Array whose first element JavaScript sets to ask a call under way
  // to return after its current step (a case joining or leaving, a cancellation), and optionally
  // the CPUs that the thread decoding a call runs on (llama.cpp's tools' --cpu-mask, for
  // comparing the two on the same core).
  explicit DecodeLoop(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DecodeLoop>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsObject() || !info[2].IsObject())
      throw Napi::TypeError::New(env, "DecodeLoop(context, model, { cells, sequences, batchSize })");
    const Napi::Object expected = info[2].As<Napi::Object>();
    const uint32_t cells = expected.Get("cells").As<Napi::Number>().Uint32Value();
    const uint32_t sequences = expected.Get("sequences").As<Napi::Number>().Uint32Value();
    const uint32_t batchSize = expected.Get("batchSize").As<Napi::Number>().Uint32Value();
    ctx = findContext(env, info[0].As<Napi::Object>(), info[1].As<Napi::Object>());
    const bool matches = ctx != nullptr && llama_n_seq_max(ctx) == sequences && llama_n_ctx(ctx) >= cells &&
                         llama_n_ctx(ctx) - cells < 256 * (sequences + 1) && llama_n_batch(ctx) >= 1 && llama_n_batch(ctx) <= batchSize + 1;
    if (!matches) {
      ctx = nullptr;
      throw Napi::Error::New(env, "node-llama-cpp's context object is not laid out as this build of the decode loop expects");
    }
    contextRef = Napi::Persistent(info[0].As<Napi::Object>());
    const Napi::Value controlValue = expected.Get("control");
    if (!controlValue.IsUndefined()) {
      if (!controlValue.IsTypedArray() || controlValue.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
          controlValue.As<Napi::Int32Array>().ElementLength() < 1)
        throw Napi::TypeError::New(env, "control must be an Int32Array of at least one element");
      controlRef = Napi::Persistent(controlValue.As<Napi::Object>());
      control = controlValue.As<Napi::Int32Array>().Data();
    }
    const Napi::Value cpuList = expected.Get("cpus");
    if (!cpuList.IsUndefined()) {
      if (!cpuList.IsArray() || cpuList.As<Napi::Array>().Length() == 0) throw Napi::TypeError::New(env, "cpus must be a list of CPU numbers");
      CPU_ZERO(&cpus);
      const Napi::Array list = cpuList.As<Napi::Array>();
      for (uint32_t i = 0; i < list.Length(); i++) {
        const int cpu = list.Get(i).As<Napi::Number>().Int32Value();
        if (cpu < 0 || cpu >= CPU_SETSIZE) throw Napi::RangeError::New(env, "CPU " + std::to_string(cpu) + " does not exist");
        CPU_SET(cpu, &cpus);
      }
      // Tried once here, on this thread and put back at once, so that CPUs this process may not
      // use are refused at load (and the load falls back, saying why) rather than by every call.
      cpu_set_t current;
      if (pthread_getaffinity_np(pthread_self(), sizeof(current), &current) != 0 ||
          pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus) != 0)
        throw Napi::RangeError::New(env, "none of the CPUs asked for can run this process's threads");
      pthread_setaffinity_np(pthread_self(), sizeof(current), &current);
      pinned = true;
    }
    const Napi::Value pool = expected.Get("threadpool");
    if (pool.IsObject()) AttachThreadpool(env, pool.As<Napi::Object>());
    vocab = llama_model_get_vocab(llama_get_model(ctx));
    vocabSize = llama_vocab_n_tokens(vocab);
    batchCapacity = static_cast<int32_t>(llama_n_batch(ctx));
    batch = llama_batch_init(batchCapacity, 0, 1);
    hasBatch = true;
  }

  ~DecodeLoop() override { Free(); }

  // Decodes every lane's input (prompts and the tokens sampled last time, together, in batches of
  // the context's batch size), then samples greedily and decodes one token per active lane per
  // step, all lanes in one batch, until each lane ends (an end-of-generation or stop token, or
  // `maxTokens`) or `budgetMs` of generating has passed, or JavaScript asks for the call back (the control
  // flag), or, with several lanes, one of them has ended (so that its sequence can take the next
  // case at once). A lane's last sampled token is not decoded yet: the next call's input starts with it.
  void Execute(std::vector<Lane>& lanes, double budgetMs, Clock::time_point started) {
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
      if (!anyActive || Elapsed(generating) >= budgetMs || YieldRequested() || (laneEnded && lanes.size() > 1)) {
        batch.n_tokens = 0;
        return;
      }
      Decode();
      for (Lane& l : lanes)
        if (l.active) Sample(l, started);
    }
  }

  bool busy = false;
  // The CPUs a call's decoding thread is pinned to, when given.
  cpu_set_t cpus{};
  bool pinned = false;

 private:
  llama_context* ctx = nullptr;
  const llama_vocab* vocab = nullptr;
  int32_t vocabSize = 0;
  int32_t batchCapacity = 0;
  llama_batch batch{};
  bool hasBatch = false;
  Napi::ObjectReference contextRef;
  Napi::ObjectReference controlRef;
  // JavaScript's flag, read between steps on the decoding thread while the main thread may set it.
  int32_t* control = nullptr;
  bool laneEnded = false;

  bool YieldRequested() const { return control != nullptr && __atomic_load_n(control, __ATOMIC_ACQUIRE) != 0; }
  ggml_threadpool_t threadpool = nullptr;
  decltype(ggml_threadpool_free)* freeThreadpool = nullptr;

  static double Elapsed(Clock::time_point started) {
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  }

  void Add(llama_token token, int32_t position, int32_t sequence, bool logits) {
    const int32_t i = batch.n_tokens++;
    batch.token[i] = token;
    batch.pos[i] = position;
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = sequence;
    batch.logits[i] = logits;
  }

  void Decode() {
    const int32_t r = llama_decode(ctx, batch);
    if (r == 1) throw std::runtime_error("no room in the context for the next tokens");
    if (r != 0) throw std::runtime_error("llama_decode failed (" + std::to_string(r) + ")");
  }

  // The most likely token (the first of equals, as llama.cpp's greedy sampler picks), and whether
  // the lane goes on after it.
  void Sample(Lane& l, Clock::time_point started) {
    const float* logits = llama_get_logits_ith(ctx, l.logitIndex);
    if (logits == nullptr) throw std::runtime_error("llama.cpp returned no logits for a sequence's last token");
    llama_token best = 0;
    for (int32_t t = 1; t < vocabSize; t++)
      if (logits[t] > logits[best]) best = t;
    l.tokens.push_back(best);
    l.elapsedMs.push_back(Elapsed(started));
    const bool stop = std::find(l.stopTokens.begin(), l.stopTokens.end(), best) != l.stopTokens.end();
    if (stop || llama_vocab_is_eog(vocab, best) || static_cast<int32_t>(l.tokens.size()) >= l.maxTokens) {
      l.active = false;
      laneEnded = true;
    }
  }

  // node-llama-cpp attaches no thread pool, so ggml makes one for every graph it computes (its
  // worker threads started and joined for every token); llama.cpp's own tools attach one for the
  // context's life, as this does. `poll` is how hard its idle workers spin (0: they sleep).
  void AttachThreadpool(Napi::Env env, Napi::Object options) {
    const int threads = options.Get("threads").As<Napi::Number>().Int32Value();
    const uint32_t poll = options.Get("poll").As<Napi::Number>().Uint32Value();
    if (threads < 1 || threads > GGML_MAX_N_THREADS) throw Napi::RangeError::New(env, "threadpool.threads is out of range");
    ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    ggml_backend_reg_t reg = cpu == nullptr ? nullptr : ggml_backend_dev_backend_reg(cpu);
    if (reg == nullptr) throw Napi::Error::New(env, "llama.cpp has no CPU backend to make a thread pool with");
    auto* create = reinterpret_cast<decltype(ggml_threadpool_new)*>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_new"));
    freeThreadpool = reinterpret_cast<decltype(ggml_threadpool_free)*>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_free"));
    if (create == nullptr || freeThreadpool == nullptr) throw Napi::Error::New(env, "llama.cpp's CPU backend offers no thread pools");
    ggml_threadpool_params params = ggml_threadpool_params_default(threads);
    params.poll = poll;
    threadpool = create(&params);
    if (threadpool == nullptr) throw Napi::Error::New(env, "llama.cpp could not start a thread pool of " + std::to_string(threads));
    llama_attach_threadpool(ctx, threadpool, nullptr);
  }

  void Free() {
    if (threadpool != nullptr && ctx != nullptr) llama_detach_threadpool(ctx);
    if (threadpool != nullptr) freeThreadpool(threadpool);
    threadpool = nullptr;
    if (hasBatch) llama_batch_free(batch);
    hasBatch = false;
    ctx = nullptr;
    if (!contextRef.IsEmpty()) contextRef.Reset();
    control = nullptr;
    if (!controlRef.IsEmpty()) controlRef.Reset();
  }

  static std::vector<llama_token> Tokens(Napi::Env env, Napi::Value value, const char* name) {
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
      throw Napi::TypeError::New(env, std::string(name) + " must be an Int32Array");
    auto array = value.As<Napi::Int32Array>();
    return std::vector<llama_token>(array.Data(), array.Data() + array.ElementLength());
  }

  // run(lanes: { sequence, position, input: Int32Array, maxTokens, stopTokens: Int32Array }[], budgetMs)
  //   -> Promise<{ tokens: Int32Array, elapsedMs: Float64Array }[]>, one per lane, in order.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (ctx == nullptr) throw Napi::Error::New(env, "the decode loop was disposed");
    if (busy) throw Napi::Error::New(env, "the decode loop is already running");
    if (info.Length() < 2 || !info[0].IsArray() || !info[1].IsNumber())
      throw Napi::TypeError::New(env, "run(lanes, budgetMs)");
    const Napi::Array items = info[0].As<Napi::Array>();
    const uint32_t perSequence = llama_n_ctx_seq(ctx);
    std::vector<Lane> lanes;
    std::vector<bool> seen(llama_n_seq_max(ctx), false);
    for (uint32_t i = 0; i < items.Length(); i++) {
      const Napi::Object item = items.Get(i).As<Napi::Object>();
      Lane l;
      l.sequence = item.Get("sequence").As<Napi::Number>().Int32Value();
      l.position = item.Get("position").As<Napi::Number>().Int32Value();
      l.maxTokens = item.Get("maxTokens").As<Napi::Number>().Int32Value();
      l.input = Tokens(env, item.Get("input"), "input");
      l.stopTokens = Tokens(env, item.Get("stopTokens"), "stopTokens");
      if (l.sequence < 0 || static_cast<size_t>(l.sequence) >= seen.size() || seen[l.sequence])
        throw Napi::RangeError::New(env, "sequence " + std::to_string(l.sequence) + " is not one of the context's, or is given twice");
      seen[l.sequence] = true;
      if (l.position < 0) throw Napi::RangeError::New(env, "position must not be negative");
      if (l.input.empty()) throw Napi::RangeError::New(env, "a lane has nothing to decode");
      if (l.maxTokens < 1) throw Napi::RangeError::New(env, "maxTokens must be at least 1");
      // The last sampled token is not decoded, so a lane needs position + input + maxTokens - 1 cells.
      if (static_cast<uint64_t>(l.position) + l.input.size() + static_cast<uint64_t>(l.maxTokens) > perSequence + 1ULL)
        throw Napi::RangeError::New(env, "sequence " + std::to_string(l.sequence) + "'s tokens would not fit in its part of the context");
      for (llama_token t : l.input)
        if (t < 0 || t >= vocabSize) throw Napi::RangeError::New(env, "token " + std::to_string(t) + " is not in the vocabulary");
      lanes.push_back(std::move(l));
    }
    if (lanes.empty()) throw Napi::RangeError::New(env, "no lanes to run");
    busy = true;
    auto* worker = new RunWorker(env, this, std::move(lanes), info[1].As<Napi::Number>().DoubleValue());
    Ref();
    worker->Queue();
    return worker->Promise();
  }

  Napi::Value Clear(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (ctx == nullptr) throw Napi::Error::New(env, "the decode loop was disposed");
    if (busy) throw Napi::Error::New(env, "the decode loop is running");
    if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "clear(sequence)");
    const int32_t sequence = info[0].As<Napi::Number>().Int32Value();
    return Napi::Boolean::New(env, llama_memory_seq_rm(llama_get_memory(ctx), sequence, -1, -1));
  }

  // counters(reset) -> { decodeMs, decodes, promptMs, promptTokens, graphsReused }: llama.cpp's own per-context
  // counters (llama_perf_context, kept when the context was made with performance tracking), then
  // zeroed when `reset`. `decodes` are its single-token decodes (llama-bench tg's unit of work);
  // batches of several tokens count as prompt. llama.cpp reports a count of 1 when there were
  // none, so a count with no time is none. Read only while nothing decodes on the context.
  Napi::Value Counters(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (ctx == nullptr) throw Napi::Error::New(env, "the decode loop was disposed");
    if (busy) throw Napi::Error::New(env, "the decode loop is running");
    const llama_perf_context_data data = llama_perf_context(ctx);
    if (info.Length() > 0 && info[0].ToBoolean().Value()) llama_perf_context_reset(ctx);
    Napi::Object result = Napi::Object::New(env);
    result.Set("decodeMs", data.t_eval_ms);
    result.Set("decodes", data.t_eval_ms > 0 ? data.n_eval : 0);
    result.Set("promptMs", data.t_p_eval_ms);
    result.Set("promptTokens", data.t_p_eval_ms > 0 ? data.n_p_eval : 0);
    result.Set("graphsReused", data.n_reused);
    return result;
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    if (busy) throw Napi::Error::New(info.Env(), "the decode loop is running");
    Free();
    return info.Env().Undefined();
  }

  friend class RunWorker;
};

void RunWorker::Execute() {
  // A call runs on one of libuv's pool threads: pinned for the call, as it was before after it.
  cpu_set_t before;
  const bool pin = loop->pinned && pthread_getaffinity_np(pthread_self(), sizeof(before), &before) == 0;
  if (pin && pthread_setaffinity_np(pthread_self(), sizeof(loop->cpus), &loop->cpus) != 0) {
    SetError("could not pin the decoding thread to the CPUs asked for");
    return;
  }
  try {
    loop->Execute(lanes, budgetMs, started);
  } catch (const std::exception& e) {
    SetError(e.what());
  }
  if (pin) pthread_setaffinity_np(pthread_self(), sizeof(before), &before);
}

void RunWorker::OnError(const Napi::Error& error) {
  loop->busy = false;
  loop->Unref();
  deferred.Reject(error.Value());
}

void RunWorker::OnOK() {
  Napi::Env env = Env();
  loop->busy = false;
  loop->Unref();
  Napi::Array results = Napi::Array::New(env, lanes.size());
  for (size_t i = 0; i < lanes.size(); i++) {
    const Lane& l = lanes[i];
    auto tokens = Napi::Int32Array::New(env, l.tokens.size());
    auto elapsed = Napi::Float64Array::New(env, l.elapsedMs.size());
    for (size_t t = 0; t < l.tokens.size(); t++) tokens[t] = l.tokens[t];
    for (size_t t = 0; t < l.elapsedMs.size(); t++) elapsed[t] = l.elapsedMs[t];
    Napi::Object result = Napi::Object::New(env);
    result.Set("tokens", tokens);
    result.Set("elapsedMs", elapsed);
    results.Set(static_cast<uint32_t>(i), result);
  }
  deferred.Resolve(results);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("DecodeLoop", DecodeLoop::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(evalbench_decode_loop, Init)
