const { task, src, dest, parallel } = require('gulp');

// tsc emits only JavaScript; the node and credential icons are copied beside it.
const copyNodeIcons = () =>
	src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () =>
	src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
