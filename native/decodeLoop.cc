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
#include <memory>
#include <string>
#include <vector>

#include "greedyLanes.h"
#include "llama.h"
#include "llamaContext.h"

namespace {

using evalbench::Clock;
using evalbench::Lane;

class DecodeLoop;

// Tokens a call hands to JavaScript while it runs, per lane (in the call's order): those from
// `from` on of the call's tokens for that lane.
struct StreamChunk {
  std::vector<size_t> from;
  std::vector<std::vector<llama_token>> tokens;
  std::vector<std::vector<double>> elapsedMs;
};

class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, DecodeLoop* loop, std::vector<Lane> lanes, double budgetMs, Napi::Function onTokens, double streamMs)
      : Napi::AsyncWorker(env, "EvalbenchDecodeLoop"),
        loop(loop),
        lanes(std::move(lanes)),
        budgetMs(budgetMs),
        started(Clock::now()),
        deferred(Napi::Promise::Deferred::New(env)),
        streamMs(streamMs),
        posted(this->lanes.size(), 0) {
    if (!onTokens.IsEmpty()) stream = Napi::ThreadSafeFunction::New(env, onTokens, "EvalbenchDecodeStream", 0, 1);
  }

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
  // Streaming: a lane's first token goes to JavaScript at once, later ones every `streamMs`, so
  // that one call can make a whole case (each return and new call slows the decodes after it)
  // while its text streams and its stop strings are seen.
  Napi::ThreadSafeFunction stream;
  double streamMs;
  std::vector<size_t> posted;
  Clock::time_point lastPost{};

  void Stream();
  static void CallStream(Napi::Env env, Napi::Function onTokens, StreamChunk* chunk);
};

class DecodeLoop : public Napi::ObjectWrap<DecodeLoop> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DecodeLoop",
                       {InstanceMethod("run", &DecodeLoop::Run), InstanceMethod("clear", &DecodeLoop::Clear),
                        InstanceMethod("counters", &DecodeLoop::Counters), InstanceMethod("dispose", &DecodeLoop::Dispose)});
  }

  // DecodeLoop(context, model, { cells, sequences, batchSize, threadpool?, control?, cpus? }):
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
    ctx = evalbench::findContext(env, info[0].As<Napi::Object>(), info[1].As<Napi::Object>());
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
    if (pool.IsObject()) {
      const Napi::Object options = pool.As<Napi::Object>();
      threadpool = std::make_unique<evalbench::Threadpool>(env, ctx, options.Get("threads").As<Napi::Number>().Int32Value(),
                                                           options.Get("poll").As<Napi::Number>().Uint32Value());
    }
    lanes = std::make_unique<evalbench::GreedyLanes>(ctx);
  }

  ~DecodeLoop() override { Free(); }

  // Generates for the lanes on the calling thread (a call's worker): see GreedyLanes::Run.
  void Execute(std::vector<Lane>& work, double budgetMs, Clock::time_point started, const std::function<void()>& afterStep) {
    lanes->Run(work, budgetMs, started, control, afterStep);
  }

  bool busy = false;
  // The CPUs a call's decoding thread is pinned to, when given.
  cpu_set_t cpus{};
  bool pinned = false;

 private:
  llama_context* ctx = nullptr;
  std::unique_ptr<evalbench::GreedyLanes> lanes;
  Napi::ObjectReference contextRef;
  Napi::ObjectReference controlRef;
  // JavaScript's flag that asks a call back, read between steps on the decoding thread.
  int32_t* control = nullptr;
  std::unique_ptr<evalbench::Threadpool> threadpool;

  void Free() {
    threadpool.reset();
    lanes.reset();
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

  // run(lanes: { sequence, position, input: Int32Array, maxTokens, stopTokens: Int32Array }[], budgetMs,
  //     onTokens?: (chunks: { from, tokens: Int32Array, elapsedMs: Float64Array }[]) => void, streamMs?)
  //   -> Promise<{ tokens: Int32Array, elapsedMs: Float64Array }[]>, one per lane, in order: all
  //   of the call's tokens, those streamed to `onTokens` while it ran included. A chunk may
  //   arrive after the promise has settled.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (ctx == nullptr) throw Napi::Error::New(env, "the decode loop was disposed");
    if (busy) throw Napi::Error::New(env, "the decode loop is already running");
    if (info.Length() < 2 || !info[0].IsArray() || !info[1].IsNumber())
      throw Napi::TypeError::New(env, "run(lanes, budgetMs, onTokens?, streamMs?)");
    Napi::Function onTokens;
    double streamMs = 0;
    if (info.Length() > 2 && !info[2].IsUndefined()) {
      if (!info[2].IsFunction() || info.Length() < 4 || !info[3].IsNumber() || info[3].As<Napi::Number>().DoubleValue() < 0)
        throw Napi::TypeError::New(env, "run(lanes, budgetMs, onTokens, streamMs): onTokens must be a function and streamMs a duration");
      onTokens = info[2].As<Napi::Function>();
      streamMs = info[3].As<Napi::Number>().DoubleValue();
    }
    const Napi::Array items = info[0].As<Napi::Array>();
    const uint32_t perSequence = llama_n_ctx_seq(ctx);
    std::vector<Lane> work;
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
        if (t < 0 || t >= lanes->VocabSize()) throw Napi::RangeError::New(env, "token " + std::to_string(t) + " is not in the vocabulary");
      work.push_back(std::move(l));
    }
    if (work.empty()) throw Napi::RangeError::New(env, "no lanes to run");
    // Busy only once the call exists: making it may throw, and a loop left busy refuses everything.
    auto* worker = new RunWorker(env, this, std::move(work), info[1].As<Napi::Number>().DoubleValue(), onTokens, streamMs);
    busy = true;
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
  // The stream is released on every way out (it keeps the process alive until it is): chunks
  // already queued are still delivered, and the promise carries every token anyway.
  struct ReleaseStream {
    Napi::ThreadSafeFunction& stream;
    ~ReleaseStream() {
      if (stream) stream.Release();
    }
  } releaseStream{stream};
  // A call runs on one of libuv's pool threads: pinned for the call, as it was before after it.
  cpu_set_t before;
  const bool pin = loop->pinned && pthread_getaffinity_np(pthread_self(), sizeof(before), &before) == 0;
  if (pin && pthread_setaffinity_np(pthread_self(), sizeof(loop->cpus), &loop->cpus) != 0) {
    SetError("could not pin the decoding thread to the CPUs asked for");
    return;
  }
  try {
    loop->Execute(lanes, budgetMs, started, [this]() { Stream(); });
  } catch (const std::exception& e) {
    SetError(e.what());
  }
  if (pin) pthread_setaffinity_np(pthread_self(), sizeof(before), &before);
}

void RunWorker::Stream() {
  if (!stream) return;
  bool any = false;
  bool first = false;
  for (size_t i = 0; i < lanes.size(); i++) {
    if (lanes[i].tokens.size() <= posted[i]) continue;
    any = true;
    if (posted[i] == 0) first = true;
  }
  if (!any) return;
  const Clock::time_point now = Clock::now();
  if (!first && std::chrono::duration<double, std::milli>(now - lastPost).count() < streamMs) return;
  auto chunk = std::make_unique<StreamChunk>();
  for (size_t i = 0; i < lanes.size(); i++) {
    const Lane& l = lanes[i];
    chunk->from.push_back(posted[i]);
    chunk->tokens.emplace_back(l.tokens.begin() + static_cast<std::ptrdiff_t>(posted[i]), l.tokens.end());
    chunk->elapsedMs.emplace_back(l.elapsedMs.begin() + static_cast<std::ptrdiff_t>(posted[i]), l.elapsedMs.end());
  }
  // Never blocks the decoding: the queue has no limit. A chunk JavaScript cannot take (it is
  // shutting down) is not counted as handed over: the next one starts where it started.
  if (stream.NonBlockingCall(chunk.get(), CallStream) != napi_ok) return;
  chunk.release();
  for (size_t i = 0; i < lanes.size(); i++) posted[i] = lanes[i].tokens.size();
  lastPost = now;
}

void RunWorker::CallStream(Napi::Env env, Napi::Function onTokens, StreamChunk* chunk) {
  std::unique_ptr<StreamChunk> owned(chunk);
  if (env == nullptr || onTokens.IsEmpty()) return;
  Napi::Array chunks = Napi::Array::New(env, owned->from.size());
  for (size_t i = 0; i < owned->from.size(); i++) {
    auto tokens = Napi::Int32Array::New(env, owned->tokens[i].size());
    auto elapsed = Napi::Float64Array::New(env, owned->elapsedMs[i].size());
    std::copy(owned->tokens[i].begin(), owned->tokens[i].end(), tokens.Data());
    std::copy(owned->elapsedMs[i].begin(), owned->elapsedMs[i].end(), elapsed.Data());
    Napi::Object item = Napi::Object::New(env);
    item.Set("from", static_cast<double>(owned->from[i]));
    item.Set("tokens", tokens);
    item.Set("elapsedMs", elapsed);
    chunks.Set(static_cast<uint32_t>(i), item);
  }
  // onTokens must not throw: for this N-API version Node turns an exception out of a thread-safe
  // function's callback into a warning, so the JavaScript side ends its cases with its own errors.
  onTokens.Call({chunks});
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

// argmax(logits: Float32Array) -> the token the loop samples from them (for tests of the sampler).
Napi::Value Argmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(env, "argmax(logits: Float32Array)");
  const Napi::Float32Array logits = info[0].As<Napi::Float32Array>();
  return Napi::Number::New(env, evalbench::argmax(logits.Data(), static_cast<int32_t>(logits.ElementLength())));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("DecodeLoop", DecodeLoop::Define(env));
  exports.Set("argmax", Napi::Function::New(env, Argmax, "argmax"));
  return exports;
}

}  // namespace

NODE_API_MODULE(evalbench_decode_loop, Init)
