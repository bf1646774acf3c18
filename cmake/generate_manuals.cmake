# Writes OUT/man1/dossier.1, OUT/man1/dossier-COMMAND.1 for each command, and
# OUT/completions/{dossier,_dossier} (bash, zsh), by running DOSSIER's hidden
# generators (`dossier help --commands | --man [COMMAND] | --completion SHELL`).
function(run_dossier out_file)
  execute_process(COMMAND ${DOSSIER} help ${ARGN}
    OUTPUT_FILE ${out_file}.tmp RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dossier help ${ARGN} failed (${rc}): ${err}")
  endif()
  file(RENAME ${out_file}.tmp ${out_file})
endfunction()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/man1 ${OUT}/completions)
execute_process(COMMAND ${DOSSIER} help --commands
  OUTPUT_VARIABLE commands RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dossier help --commands failed (${rc}): ${err}")
endif()
string(REGEX REPLACE "\n$" "" commands "${commands}")
string(REPLACE "\n" ";" commands "${commands}")
run_dossier(${OUT}/man1/dossier.1 --man)
foreach(c IN LISTS commands)
  run_dossier(${OUT}/man1/dossier-${c}.1 --man ${c})
endforeach()
run_dossier(${OUT}/completions/dossier --completion bash)
run_dossier(${OUT}/completions/_dossier --completion zsh)
