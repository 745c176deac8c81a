// The classic n8n build step: tsc emits JavaScript, gulp copies what tsc does not (icons, codex files).
const { src, dest } = require('gulp');

function copyIcons() {
  return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
  return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = function buildIcons(done) {
  let pending = 2;
  const finish = (error) => {
    if (error) return done(error);
    if (--pending === 0) done();
  };
  copyIcons().on('end', finish).on('error', finish);
  copyCodex().on('end', finish).on('error', finish);
};
