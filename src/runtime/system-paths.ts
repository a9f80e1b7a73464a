// Two path lists of the runtime planner's own. They differ from the shared list of
// src/analysis/system-folders.ts on purpose, and adopting that list would change conversions:
// WHOLE_SYSTEM also counts /usr/sbin and a trailing slash, and leaves out /var/lib, /tmp,
// /run, /usr/src and a few more, which the planner has never declined a copy of.

/** Folders a runtime stage must never take whole from the builder. */
export const WHOLE_SYSTEM =
  /^\/((usr|usr\/local|var|etc|bin|sbin|lib|lib64|opt|home|root|srv|usr\/lib|usr\/bin|usr\/sbin|usr\/local\/bin|usr\/local\/lib|usr\/share)\/?)?$/;

/** Scratch and package-manager folders: what the build made there is not runtime data. */
export const SCRATCH_DIRS =
  /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|var\/lib\/dpkg|root\/\.cache|root\/\.npm|root\/\.cache|go\/pkg|usr\/local\/go|proc|sys|dev|run)(\/|$)/;
