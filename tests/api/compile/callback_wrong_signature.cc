// expect: (no match for .operator=. .*Callback|no viable overloaded .=.)
// A Callback takes only what it can call with its arguments: a progress
// callback that wants a number is rejected when it is set, not at the call.
#include <string_view>

#include <netpol/loader.h>

int main() {
  netpol::LoadOptions options;
  options.progress = [](std::string_view) {};  // progress is (done, total)
  return 0;
}
