# testfleet/build.sh part "el89" (sourced by build.sh; see its header). Not run on its own.
part_el89_images() { :; }                  # prints the image names this part builds
part_el89_repos() { :; }                   # adds repositories under $SRV (the mirror's /srv)
part_el89_build() { :; }                   # builds the host images (label $LABEL=$HASH)
