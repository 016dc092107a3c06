// Callback<R(Args...)>: a copyable, type-erased callable, the type of the
// callbacks netpol's options and queries take (progress lines, cancellation).
//
// Why not std::function: with libstdc++, <functional> brings the
// searchers' containers and algorithms into every translation unit that
// includes it, about a sixth of what <netpol/netpol.h> would cost to compile
// (see "Header cost" in the README). Callback does what netpol needs of
// std::function — hold any callable, copy it, test it for emptiness, call it —
// with only <type_traits> and <utility>.
//
// Semantics, as std::function's: a default-constructed Callback is empty and
// tests false; constructing one from a callable copies (or moves) the
// callable in; copying a Callback copies the callable; the callable is
// invoked as a non-const lvalue, so a `mutable` lambda may keep state.
// Calling an empty Callback is a precondition violation: it aborts with a
// message instead of throwing (no exception crosses netpol's API).
//
// Threads: a Callback is a value; calling one from several threads at once is
// as safe as calling the callable it holds.
// Costs: construction and copy allocate once; a call is one indirect call.
#ifndef NETPOL_CALLBACK_H_
#define NETPOL_CALLBACK_H_

#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

template <class Signature>
class Callback;

/// A copyable callable returning R from Args (see the file comment).
template <class R, class... Args>
class Callback<R(Args...)> {
 public:
  /// An empty callback.
  Callback() = default;

  /// Holds a copy of `callable`, which must be invocable with Args and return
  /// something convertible to R. A null function pointer makes an empty
  /// callback, as it makes an empty std::function.
  template <class F, class Stored = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<Stored, Callback> &&
                                     std::is_invocable_r_v<R, Stored&, Args...>>>
  Callback(F&& callable)  // NOLINT: implicit, as std::function's
      : holder_(MakeHolder<Stored>(std::forward<F>(callable))) {}

  /// Copies the held callable.
  Callback(const Callback& other) : holder_(other.holder_ ? other.holder_->Clone() : nullptr) {}
  /// Takes the held callable; `other` is empty afterwards.
  Callback(Callback&& other) noexcept : holder_(std::exchange(other.holder_, nullptr)) {}
  /// Copy or move assignment.
  Callback& operator=(Callback other) noexcept {
    std::swap(holder_, other.holder_);
    return *this;
  }
  ~Callback() { delete holder_; }

  /// Whether a callable is held.
  explicit operator bool() const { return holder_ != nullptr; }

  /// Calls the held callable. Precondition: not empty (aborts otherwise).
  R operator()(Args... args) const {
    if (holder_ == nullptr) {
      std::fputs("netpol: an empty Callback was called\n", stderr);
      std::abort();
    }
    return holder_->Call(std::forward<Args>(args)...);
  }

 private:
  struct HolderBase {
    virtual ~HolderBase() = default;
    virtual R Call(Args... args) = 0;
    virtual HolderBase* Clone() const = 0;
  };
  template <class F>
  struct Holder final : HolderBase {
    template <class G>
    explicit Holder(G&& g) : callable(std::forward<G>(g)) {}
    R Call(Args... args) override {
      if constexpr (std::is_void_v<R>) {
        callable(std::forward<Args>(args)...);
      } else {
        return callable(std::forward<Args>(args)...);
      }
    }
    HolderBase* Clone() const override { return new Holder(callable); }
    F callable;
  };

  template <class Stored, class F>
  static HolderBase* MakeHolder(F&& callable) {
    // Only a pointer can be null (a function reference, decayed to Stored, cannot).
    using Given = std::remove_cv_t<std::remove_reference_t<F>>;
    if constexpr (std::is_pointer_v<Given> || std::is_member_pointer_v<Given>) {
      if (callable == nullptr) return nullptr;
    }
    return new Holder<Stored>(std::forward<F>(callable));
  }

  HolderBase* holder_ = nullptr;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_CALLBACK_H_
