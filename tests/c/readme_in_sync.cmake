# Fails unless the document README (docs/c.md) holds EXAMPLE verbatim in a ```LANG block.
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "```${LANG}\n${example}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${README} does not contain ${EXAMPLE} verbatim in a ```${LANG} block; copy the file into it")
endif()
