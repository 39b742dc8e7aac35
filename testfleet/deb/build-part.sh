# testfleet/build.sh part "deb" (sourced by build.sh; see its header). Not run on its own.
part_deb_images() { :; }                  # prints the image names this part builds
part_deb_repos() { :; }                   # adds repositories under $SRV (the mirror's /srv)
part_deb_build() { :; }                   # builds the host images (label $LABEL=$HASH)
