#!/bin/sh
echo "an executable script"
