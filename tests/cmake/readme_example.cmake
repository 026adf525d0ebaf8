# Fails unless the document README (docs/cpp.md) holds examples/cpp/basic.cpp verbatim in a ```cpp block.
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "```cpp\n${example}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${README} does not contain ${EXAMPLE} verbatim in a ```cpp block; copy the file into it")
endif()
