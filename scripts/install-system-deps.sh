#!/bin/sh
# System packages reader needs on Debian 12 / Ubuntu 22.04+: Qt's shared libraries, a
# Simplified-Chinese font (without one every Han character shows as a box), Xvfb for running
# the window on a machine without a screen, and python3-venv. Run as root or with sudo.
set -e
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  python3 python3-venv python3-pip \
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 \
  fonts-noto-cjk fonts-wqy-microhei \
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 \
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 \
  xvfb xauth >/dev/null
