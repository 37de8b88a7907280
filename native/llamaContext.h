// What the decode loop needs from node-llama-cpp's objects and from ggml beyond llama.h: the
// llama_context inside node-llama-cpp's context object, and a thread pool for it.
#pragma once
#include <napi.h>

#include "ggml-cpu.h"
#include "llama.h"

namespace evalbench {

// node-llama-cpp's context object wraps a C++ object whose first members are the model object's
// own pointer, the llama_context_params it was made with and then the llama_context*. Null when
// it is not laid out so; the caller checks what was found against what node-llama-cpp says.
llama_context* findContext(Napi::Env env, Napi::Object contextObject, Napi::Object modelObject);

// A thread pool attached to a context for the context's life, as llama.cpp's own tools attach
// one: node-llama-cpp attaches none, so ggml makes one for every graph it computes (its worker
// threads started and joined for every token). `poll` is how hard idle workers spin (0: they sleep).
class Threadpool {
 public:
  Threadpool(Napi::Env env, llama_context* ctx, int threads, uint32_t poll);
  ~Threadpool();
  Threadpool(const Threadpool&) = delete;
  Threadpool& operator=(const Threadpool&) = delete;

 private:
  llama_context* ctx;
  ggml_threadpool_t pool = nullptr;
  decltype(ggml_threadpool_free)* freePool = nullptr;
};

}  // namespace evalbench
