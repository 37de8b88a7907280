#include "llamaContext.h"

#include <string>

#include "ggml-backend.h"

namespace evalbench {

llama_context* findContext(Napi::Env env, Napi::Object contextObject, Napi::Object modelObject) {
  void* contextWrap = nullptr;
  void* modelWrap = nullptr;
  if (napi_unwrap(env, contextObject, &contextWrap) != napi_ok || contextWrap == nullptr) return nullptr;
  if (napi_unwrap(env, modelObject, &modelWrap) != napi_ok || modelWrap == nullptr) return nullptr;
  // The model pointer is found by value, so the wrapper base class's size does not matter.
  auto* words = static_cast<void**>(contextWrap);
  for (size_t i = 1; i < 16; i++) {
    if (words[i] != modelWrap) continue;
    size_t offset = (i + 1) * sizeof(void*) + sizeof(llama_context_params);
    offset = (offset + alignof(llama_context*) - 1) / alignof(llama_context*) * alignof(llama_context*);
    return *reinterpret_cast<llama_context**>(static_cast<char*>(contextWrap) + offset);
  }
  return nullptr;
}

Threadpool::Threadpool(Napi::Env env, llama_context* ctx, int threads, uint32_t poll) : ctx(ctx) {
  if (threads < 1 || threads > GGML_MAX_N_THREADS) throw Napi::RangeError::New(env, "threadpool.threads is out of range");
  ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
  ggml_backend_reg_t reg = cpu == nullptr ? nullptr : ggml_backend_dev_backend_reg(cpu);
  if (reg == nullptr) throw Napi::Error::New(env, "llama.cpp has no CPU backend to make a thread pool with");
  // Through the backend registry: the CPU backend is a library of its own, loaded by node-llama-cpp.
  auto* create = reinterpret_cast<decltype(ggml_threadpool_new)*>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_new"));
  freePool = reinterpret_cast<decltype(ggml_threadpool_free)*>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_free"));
  if (create == nullptr || freePool == nullptr) throw Napi::Error::New(env, "llama.cpp's CPU backend offers no thread pools");
  ggml_threadpool_params params = ggml_threadpool_params_default(threads);
  params.poll = poll;
  pool = create(&params);
  if (pool == nullptr) throw Napi::Error::New(env, "llama.cpp could not start a thread pool of " + std::to_string(threads));
  llama_attach_threadpool(ctx, pool, nullptr);
}

Threadpool::~Threadpool() {
  llama_detach_threadpool(ctx);
  freePool(pool);
}

}  // namespace evalbench
