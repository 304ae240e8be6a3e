export * from './appspec';
export * from './describe-output';
export * from './image-detail';
export * from '../../model/placeholders';
export * from './render-deploy-files';
export * from './render-error';
export * from './task-definition';
